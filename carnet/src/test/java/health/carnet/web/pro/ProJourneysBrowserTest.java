package health.carnet.web.pro;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.audit.AuditRecord;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The professionals' journeys of issue #14 in Debian's Chromium, each on a dossier of its own:
 * read (filters, viewer, CDA rendered, health profile), deposit / replace / delete (DOC-1, DOC-4,
 * DOC-7), bad input, and the patient's history showing each access (AUD-1).
 */
@IntegrationTest
class ProJourneysBrowserTest {

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
    void theMedecinTraitantReadsDepositsReplacesAndDeletesAndTheHistoryShowsEachAccess() {
        ProFixtures.Patient p = fixtures.adultOfTheGp();
        fixtures.allergy(p, "Pénicilline");
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.gp());
            ProPortal.openByIns(b, p.ins());
            assertThat(b.text()).contains("Vous êtes son médecin traitant").contains("Aucun document").contains("Pénicilline");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-10-dossier-vide");

            ProPortal.deposit(b, ProPortal.file("ordonnance.pdf", ProPortal.PDF), "Ordonnance du 1er décembre", "42", "57833-6", false);
            ProPortal.deposit(b, ProPortal.file("cr-cardio.xml", ProPortal.CDA), "Consultation de cardiologie", "10", "11488-4", true);
            assertThat(b.text()).contains("Le document est déposé").contains("2 documents").contains("Ordonnance du 1er décembre")
                    .contains("Pas encore visible par le patient");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-11-dossier-documents");

            // filters: the class "Prescription" keeps the prescription only
            new org.openqa.selenium.support.ui.Select(b.find("#f-classe")).selectByValue("42");
            b.find("#f-classe").submit();
            b.await(".document");
            assertThat(b.all(".document")).hasSize(1);
            assertThat(b.text()).contains("Ordonnance du 1er décembre").doesNotContain("Consultation de cardiologie");

            ProPortal.openByIns(b, p.ins());
            b.driver().findElement(org.openqa.selenium.By.linkText("Consultation de cardiologie")).click();
            b.await(".cda");
            assertThat(b.text()).contains("Compte rendu de consultation de cardiologie").contains("Conclusion")
                    .contains("Insuffisance cardiaque stable.").contains("Revoir dans 3 mois.");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-12-document-cda");

            // replace own version (DOC-4): the new version takes the old one's place
            b.click("a[href*='remplace=']");
            b.await("#fichier");
            assertThat(b.find("#titre").getAttribute("value")).isEqualTo("Consultation de cardiologie");
            b.find("#fichier").sendKeys(ProPortal.file("cr-v2.txt", "Version corrigée du compte rendu.".getBytes(StandardCharsets.UTF_8)));
            b.type("#titre", "Consultation de cardiologie (v2)");
            b.find("#titre").submit();
            ProPortal.waitPath(b, "/pro/patients/" + p.dossier().id() + "?depose");
            assertThat(b.all(".document")).hasSize(2);
            assertThat(b.text()).contains("Consultation de cardiologie (v2)");

            b.driver().findElement(org.openqa.selenium.By.linkText("Consultation de cardiologie (v2)")).click();
            b.await("pre.texte");
            assertThat(b.find("pre.texte").getText()).isEqualTo("Version corrigée du compte rendu.");
            String docPath = b.path();
            b.click("a.danger");
            b.await("button.danger");
            assertThat(b.text()).contains("ne peut pas être annulée");
            b.assertAccessible().screenshot("pro-13-supprimer");
            b.click("button.danger");
            ProPortal.waitPath(b, "/pro/patients/" + p.dossier().id() + "?supprime");
            assertThat(b.all(".document")).hasSize(1);
            b.get(docPath);
            assertThat(b.find("h1").getText()).isEqualTo("Page ou dossier introuvable");

            // AUD-2, ACC-6: the médecin traitant reads the history
            ProPortal.openByIns(b, p.ins());
            b.click("a[href$='/historique']");
            b.await(".acces");
            assertThat(b.text()).contains("A ajouté un document").contains("A supprimé un document").contains("A consulté les documents");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-14-historique");
        }
        List<AuditRecord> h = history(p);
        assertThat(h).anyMatch(r -> r.actorId().equals(Demo.gp()) && r.action().equals("WRITE_DOCUMENT") && r.outcome().equals("PERMIT"));
        assertThat(h).anyMatch(r -> r.actorId().equals(Demo.gp()) && r.action().equals("DELETE_DOCUMENT") && r.outcome().equals("PERMIT"));
        assertThat(h).anyMatch(r -> r.actorId().equals(Demo.gp()) && r.action().equals("READ_DOCUMENTS")
                && r.target() != null && r.target().startsWith("DocumentReference/"));
        assertThat(h).anyMatch(r -> r.actorId().equals(Demo.gp()) && r.action().equals("READ_HISTORY"));
    }

    @Test
    void badDepositsAreSaidNextToTheFieldAndStoreNothing() {
        ProFixtures.Patient p = fixtures.adultOfTheGp();
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.gp());
            ProPortal.openByIns(b, p.ins());
            b.click("a[href$='/deposer']");
            b.await("#fichier");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-20-deposer");
            // a program, no title, no type: three messages, each next to its field
            b.find("#fichier").sendKeys(ProPortal.file("outil.exe", new byte[] {0x4d, 0x5a, (byte) 0x90, 0x00, 0x03, 0x00, (byte) 0xff}));
            b.find("#titre").submit();
            b.await("#erreur-fichier");
            assertThat(b.find("#erreur-fichier").getText()).contains("n'est pas accepté");
            assertThat(b.find("#erreur-type").getText()).contains("Choisissez le type");
            assertThat(b.find("#erreur-titre").getText()).contains("titre");
            assertThat(b.find("#type").getAttribute("aria-describedby")).isEqualTo("erreur-type");
            b.assertAccessible().screenshot("pro-21-deposer-erreurs");

            // over 20 MiB: said next to the field, nothing stored
            byte[] big = new byte[20 * 1024 * 1024 + 1024];
            System.arraycopy(ProPortal.PDF, 0, big, 0, ProPortal.PDF.length);
            b.find("#fichier").sendKeys(ProPortal.file("gros.pdf", big));
            b.type("#titre", "Trop gros");
            b.find("#titre").submit();
            b.await("#erreur-fichier");
            assertThat(b.find("#erreur-fichier").getText()).contains("20 Mo");

            // a good deposit, then the same form sent again: refused, stored once
            b.find("#fichier").sendKeys(ProPortal.file("note.txt", "Note de suivi.".getBytes(StandardCharsets.UTF_8)));
            b.type("#titre", "Note de suivi");
            new org.openqa.selenium.support.ui.Select(b.find("#classe")).selectByValue("10");
            new org.openqa.selenium.support.ui.Select(b.find("#type")).selectByValue("11488-4");
            String token = b.find("input[name=jeton]").getAttribute("value");
            b.find("#titre").submit();
            ProPortal.waitPath(b, "/pro/patients/" + p.dossier().id() + "?depose");
            assertThat(b.all(".document")).hasSize(1);
            b.click("a[href$='/deposer']");
            b.await("#fichier");
            ((JavascriptExecutor) b.driver()).executeScript("document.querySelector('input[name=jeton]').value = arguments[0];", token);
            b.find("#fichier").sendKeys(ProPortal.file("note.txt", "Note de suivi.".getBytes(StandardCharsets.UTF_8)));
            b.type("#titre", "Note de suivi");
            new org.openqa.selenium.support.ui.Select(b.find("#classe")).selectByValue("10");
            new org.openqa.selenium.support.ui.Select(b.find("#type")).selectByValue("11488-4");
            b.find("#titre").submit();
            b.await("#erreurs");
            assertThat(b.text()).contains("déjà été envoyé");
            ProPortal.openByIns(b, p.ins());
            assertThat(b.all(".document")).hasSize(1);
        }
    }
}
