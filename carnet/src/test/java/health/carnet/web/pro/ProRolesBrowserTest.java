package health.carnet.web.pro;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.audit.AuditRecord;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who may do what in the professionals' portal, in Chromium: a pharmacist and a nurse authorised with
 * the Carte Vitale see what their profession may read and nothing else (ACC-2, ACC-7); a regulator
 * reads for centre 15 (EMG-1); break-glass needs a stated reason (EMG-2); admin staff and a CPAM
 * agent are refused everywhere (ACC-1). Each access, and each refusal, is in the patient's history.
 */
@IntegrationTest
class ProRolesBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    org.springframework.context.ApplicationContext context;
    ProFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = ProFixtures.of(context);
    }

    private List<AuditRecord> history(ProFixtures.Patient p) {
        return fixtures.history(p);
    }

    @Test
    void aPharmacistAndANurseAuthorisedWithTheCarteVitaleSeeOnlyWhatTheirProfessionMayRead() {
        ProFixtures.Patient p = fixtures.adultOfTheGp();
        UUID report = fixtures.depositAsGp(p, "10", "11488-4", "Compte rendu de consultation");
        fixtures.depositAsGp(p, "42", "57833-6", "Ordonnance de sortie");
        fixtures.depositAsGp(p, "31", "18748-4", "Scanner thoracique");
        String pharmacist = Demo.person("Blanc").idnps();
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, pharmacist);
            ProPortal.openByIns(b, p.ins());
            assertThat(b.text()).contains("ne vous a pas autorisé").contains("Le patient est présent");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-30-acces-non-autorise");
            b.type("#carteVitale", "CV-PAS-LA-SIENNE").click("#consentement");
            b.find("#carteVitale").submit();
            b.await("#erreur-carte");
            assertThat(b.find("#erreur-carte").getText()).contains("n'est pas celle de ce patient");
            assertThat(b.find("#carteVitale").getAttribute("aria-invalid")).isEqualTo("true");
            b.assertAccessible().screenshot("pro-31-carte-vitale-erreur");
            b.type("#carteVitale", p.carteVitale()).click("#consentement");
            b.find("#carteVitale").submit();
            ProPortal.waitPath(b, "/pro/patients/" + p.dossier().id() + "?autorise");
            // ACC-7: a pharmacist reads the prescription; the report and the imaging are absent, not counted
            assertThat(b.all(".document")).hasSize(1);
            assertThat(b.text()).contains("1 document");
            assertThat(b.find("ul.documents").getText()).contains("Ordonnance de sortie")
                    .doesNotContain("Compte rendu de consultation").doesNotContain("Scanner");
            b.assertAccessible().screenshot("pro-32-pharmacien-dossier");
            b.get("/pro/patients/" + p.dossier().id() + "/documents/" + report);
            assertThat(b.find("h1").getText()).isEqualTo("Page ou dossier introuvable");
        }
        String nurse = Demo.person("Chevalier").idnps();
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, nurse);
            ProPortal.openByIns(b, p.ins());
            b.type("#carteVitale", p.carteVitale()).click("#consentement");
            b.find("#carteVitale").submit();
            ProPortal.waitPath(b, "/pro/patients/" + p.dossier().id() + "?autorise");
            assertThat(b.all(".document")).hasSize(2);
            assertThat(b.find("ul.documents").getText()).contains("Compte rendu de consultation").contains("Ordonnance de sortie")
                    .doesNotContain("Scanner");
            b.screenshot("pro-33-infirmier-dossier");
        }
        List<AuditRecord> h = history(p);
        assertThat(h).anyMatch(r -> r.actorId().equals(pharmacist) && r.outcome().equals("DENY") && "ACC-2".equals(r.rule()));
        assertThat(h).anyMatch(r -> r.actorId().equals(pharmacist) && r.outcome().equals("PERMIT") && r.action().equals("READ_DOCUMENTS"));
        assertThat(h).anyMatch(r -> r.actorId().equals(nurse) && r.outcome().equals("PERMIT") && r.action().equals("READ_DOCUMENTS"));
    }

    @Test
    void theRegulatorReadsForCentre15AndBreakGlassNeedsAStatedReason() {
        ProFixtures.Patient p = fixtures.adultOfTheGp();
        fixtures.depositAsGp(p, "11", "60591-5", "Synthèse médicale");
        String regulator = Demo.person("Vincent").idnps();
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, regulator);
            ProPortal.openByIns(b, p.ins());
            b.await("form[action$='/centre15'] button").click();
            b.await(".mode-urgence");
            assertThat(b.text()).contains("centre 15");
            assertThat(b.find("ul.documents").getText()).contains("Synthèse médicale");
            assertThat(b.all("a[href$='/deposer']")).isEmpty();
            b.assertAccessible().screenshot("pro-40-centre15");
        }
        String doctor = Demo.person("Bernard").idnps();
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, doctor);
            ProPortal.openByIns(b, p.ins());
            b.click("a[href$='/urgence']");
            b.await("#motif");
            assertThat(b.find(".avertissement").getText()).contains("informés immédiatement").contains("4 heures");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-41-bris-de-glace");
            b.click("#confirme");
            b.find("#motif").submit();
            b.await("#erreur-motif");
            assertThat(b.find("#erreur-motif").getText()).contains("Indiquez le motif");
            assertThat(b.find("#motif").getAttribute("aria-describedby")).contains("erreur-motif");
            b.assertAccessible().screenshot("pro-42-bris-de-glace-sans-motif");
            b.type("#motif", "Patient inconscient aux urgences, recherche d'allergies");
            b.click("#confirme");
            b.find("#motif").submit();
            b.await(".mode-urgence");
            assertThat(b.text()).contains("Accès en urgence (bris de glace) en cours");
            assertThat(b.find("ul.documents").getText()).contains("Synthèse médicale");
            b.screenshot("pro-43-bris-de-glace-dossier");
        }
        List<AuditRecord> h = history(p);
        assertThat(h).anyMatch(r -> r.actorId().equals(regulator) && r.outcome().equals("PERMIT") && "centre_15".equals(r.accessMode()));
        assertThat(h).anyMatch(r -> r.actorId().equals(doctor) && r.outcome().equals("DENY") && "EMG-2".equals(r.rule()));
        assertThat(h).anyMatch(r -> r.actorId().equals(doctor) && r.outcome().equals("PERMIT") && "EMG-2".equals(r.rule())
                && "bris_de_glace".equals(r.accessMode()) && r.reason() != null && r.reason().contains("inconscient"));
    }

    @Test
    void adminStaffAndACpamAgentAreRefusedEverywhereAndTheRefusalIsAudited() {
        ProFixtures.Patient p = fixtures.adultOfTheGp();
        for (String who : List.of(Demo.person("Denis").idnps(), Demo.person("Lemaire").idnps())) {
            try (Browser b = Browser.phone(port)) {
                ProPortal.signIn(b, who);
                b.get("/pro/patients?ins=" + p.ins());
                b.await("[role=alert]");
                assertThat(b.text()).contains("Votre rôle ne permet pas").doesNotContain(p.dossier().familyName());
                assertThat(b.all(".resultat")).isEmpty();
                b.get("/pro/patients/" + p.dossier().id());
                b.await(".refus-motif");
                assertThat(b.find(".refus-motif").getText()).contains("Votre rôle ne permet pas");
                b.assertAccessible().screenshot("pro-50-refus-" + who);
            }
            assertThat(history(p)).anyMatch(r -> r.actorId().equals(who) && r.outcome().equals("DENY")
                    && "ACC-1".equals(r.rule()));
        }
    }
}
