package health.carnet.web.pro;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue #14, API-2 (English selectable): with ?lang=en the portal names document types by their
 * LOINC display names and classes (TRE_A03), professions and specialties by the translations of
 * i18n/valuesets_en.properties; French stays the default (DOC-9's value sets).
 */
@IntegrationTest
class ProEnglishNamesBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void documentTypesClassesProfessionsAndSpecialtiesAreInEnglishOnLangEn_DOC9() {
        ProFixtures fixtures = ProFixtures.of(context);
        ProFixtures.Patient p = fixtures.adultOfTheGp();
        fixtures.depositAsGp(p, "10", "11488-4", "Suivi tension");
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.gp());
            b.get("/pro/patients/" + p.dossier().id());
            assertThat(b.find("ul.documents").getText()).contains("Compte rendu · Compte rendu de consultation");
            b.get("/pro/patients/" + p.dossier().id() + "?lang=en");
            b.await("ul.documents");
            assertThat(b.find("html").getAttribute("lang")).isEqualTo("en");
            assertThat(b.find("ul.documents").getText()).contains("Report · Consult note").doesNotContain("Compte rendu");
            assertThat(b.find("#f-type").getText()).contains("Surgical operation note").contains("Diagnostic imaging study")
                    .doesNotContain("Compte rendu opératoire");
            assertThat(b.find("#f-classe").getText()).contains("Medical imaging").doesNotContain("Imagerie médicale");
            b.assertAccessible().screenshot("pro-70-dossier-anglais");
            b.click("a[href$='/deposer']");
            b.await("#type");
            assertThat(b.find("#type").getText()).contains("Prescription for medication").doesNotContain("Prescription de biologie");
            assertThat(b.find("#classe").getText()).contains("Certificate, declaration");
            b.get("/pro/patients/" + p.dossier().id() + "/medecin-traitant?nom=Robert");
            b.await("h1");
            assertThat(b.text()).contains("Physician").doesNotContain("Médecin ·");
            b.get("/pro/patients?lang=fr");
        }
        try (Browser b = Browser.phone(port)) {
            b.get("/pro?lang=en");
            b.click("a.bouton");
            ProPortal.signInHere(b, Demo.person("Mercier").idnps());
            ProPortal.waitPath(b, "/pro/activite");
            assertThat(b.text()).contains("Diagnostic radiology and medical imaging").doesNotContain("Radiodiagnostic");
        }
    }
}
