package health.carnet.web.pro;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Consents;
import health.carnet.access.Gate;
import health.carnet.document.Documents;
import health.carnet.document.PatientEntered;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.PatientAccounts;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The médecin traitant's screens (ACC-6: block at the patient's request ACC-3, transfer) and dossier creation (DOS-2, DOS-4, MIN-1). */
@IntegrationTest
class ProMedecinTraitantBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    DemoSupport support;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Gate gate;
    @Autowired
    Documents documents;
    @Autowired
    PatientEntered entered;
    @Autowired
    Consents consents;
    @Autowired
    PatientAccounts accounts;
    @Autowired
    health.carnet.audit.AuditTrail audit;
    ProFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ProFixtures(support, dossiers, gate, documents, entered, audit);
    }

    @Test
    void theMedecinTraitantBlocksAProfessionalAtThePatientsRequestThenPassesTheStatusOn() {
        ProFixtures.Patient p = fixtures.adultOfTheGp();
        String bernard = Demo.person("Bernard").idnps();
        consents.declarePresence(ProFixtures.professional(bernard, "10", ActorRole.CARE), p.dossier().id(), p.carteVitale(), true);
        String roux = Demo.person("Roux").idnps();
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.gp());
            ProPortal.openByIns(b, p.ins());
            b.click("a[href$='/medecin-traitant']");
            b.await("#nom");
            b.type("#nom", "Roux");
            b.find("#nom").submit();
            b.await(".professionnel");
            b.click(".professionnel form[action$='/bloquer'] button");
            b.await("[role=alert]");
            assertThat(b.text()).contains("à la demande du patient");
            b.type("#nom", "Roux");
            b.find("#nom").submit();
            b.await(".professionnel");
            b.click(".professionnel form[action$='/bloquer'] input[name=demande]");
            b.click(".professionnel form[action$='/bloquer'] button");
            ProPortal.waitPath(b, "/pro/patients/" + p.dossier().id() + "?fait");
            assertThat(gate.tryAuthorize(new AccessRequest(ProFixtures.professional(roux, "10", ActorRole.CARE), Action.LOOKUP_PATIENT,
                    p.dossier().id()), "test")).isEmpty();

            b.click("a[href$='/medecin-traitant']");
            b.await("#nom");
            b.type("#nom", "Bernard");
            b.find("#nom").submit();
            b.await(".professionnel");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-60-medecin-traitant");
            var card = b.all(".professionnel").stream().filter(e -> e.getText().contains("Hugo Bernard")).findFirst().orElseThrow();
            card.findElement(By.cssSelector("form[action$='/transmettre'] input[name=accord]")).click();
            card.findElement(By.cssSelector("form[action$='/transmettre'] button")).click();
            ProPortal.waitPath(b, "/pro/patients/" + p.dossier().id() + "?fait");
        }
        assertThat(dossiers.find(p.dossier().id()).orElseThrow().medecinTraitant()).isEqualTo(bernard);
    }

    @Test
    void aGpCreatesAMinorsDossierWithTheLegalRepresentativeAndTheConsent() {
        DemoSupport.Insured child = Insured.register(support, LocalDate.now().minusYears(8),
                "enfant-" + java.util.UUID.randomUUID() + "@patient.example");
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.gp());
            b.get("/pro/dossiers/nouveau?ins=" + child.nir());
            b.await("#nom");
            assertThat(b.find("#ins").getAttribute("value")).isEqualTo(child.nir());
            b.type("#nom", child.familyName()).type("#prenoms", child.givenNames()).type("#carteVitale", child.carteVitaleSerial())
                    .type("#courriel", child.email());
            ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript("document.getElementById('naissance').value = arguments[0];",
                    child.birthDate().toString());
            b.find("#nom").submit();
            b.await("#erreur-consentement");
            b.assertAccessible().screenshot("pro-70-creer-erreurs");
            b.click("#consentement");
            b.find("#nom").submit();
            b.await("[role=alert]");
            assertThat(b.text()).contains("moins de 16 ans");
            b.type("#rep1Nom", "Testeur").type("#rep1Prenoms", "Anne").type("#rep1Courriel", "anne.testeur@parent.example");
            b.click("#consentement");
            b.find("#nom").submit();
            ProPortal.waitPath(b, "/pro/dossiers/cree");
            assertThat(b.text()).contains("Le dossier est créé").doesNotContain("Mot de passe");
            b.assertAccessible().screenshot("pro-71-dossier-cree");
            // the creating GP is authorised (card and consent): a document hidden from the legal representatives (MIN-3)
            b.click("a.bouton[href^='/pro/patients/']");
            b.await("a[href$='/deposer']");
            b.click("a[href$='/deposer']");
            b.await("#invisibleRepresentants");
            b.find("#fichier").sendKeys(ProPortal.file("entretien.txt", "Entretien confidentiel.".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            b.type("#titre", "Entretien confidentiel");
            new org.openqa.selenium.support.ui.Select(b.find("#classe")).selectByValue("10");
            new org.openqa.selenium.support.ui.Select(b.find("#type")).selectByValue("11488-4");
            b.click("#invisibleRepresentants");
            b.find("#titre").submit();
            ProPortal.waitPath(b, "/pro/patients/");
            b.await(".document");
            assertThat(b.find("ul.documents").getText()).contains("Entretien confidentiel").contains("Caché aux représentants légaux");
        }
        var created = dossiers.findByIns(Ins.nir(Nir.of(child.nir()))).orElseThrow();
        assertThat(accounts.legalRepresentatives(created.id())).hasSize(1);
    }
}
