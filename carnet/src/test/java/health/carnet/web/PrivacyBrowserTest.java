package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * "Who may see my dossier" in the browser (ACC-2..ACC-6, EMG-1, EMG-2): professionals found in the
 * directory by name, profession and city, authorised then withdrawn, blocked; an establishment
 * authorised; break-glass refused (and then refused on the FHIR API too); the médecin traitant changed.
 */
@IntegrationTest
class PrivacyBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    Dossiers dossiers;

    private static WebElement card(Browser b, String list, String text) {
        return b.all(list + " li").stream().filter(li -> li.getText().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError(text + " not in " + list + ": " + b.text()));
    }

    @Test
    void aPatientAuthorisesWithdrawsBlocksAndChoosesEmergencyAccessAndTheirDoctor() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "anne.muller");
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, PortalPages.patients(port, notifications), "anne.muller");
            b.get("/portail/confidentialite");
            assertThat(b.find("main h1").getText()).isEqualTo("Paramètres de confidentialité");
            assertThat(b.find("#medecin-traitant").getText()).startsWith("Dr Claire Martin");
            assertThat(b.find("#choix-bris-de-glace").getText()).endsWith("accepté.");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-12-confidentialite");

            // ACC-2: find by name, profession and city, authorise on the professional's own page
            b.type("#nom", "Robert").type("#ville", "Lyon").click("#profession option[value='10']");
            b.click("#t-chercher ~ form button[type=submit]");
            b.await("#resultats");
            card(b, "#resultats", "Dr Sophie Robert").findElement(org.openqa.selenium.By.cssSelector("a")).click();
            b.awaitText("main h1", "Dr Sophie Robert");
            assertThat(b.text()).contains("Hôpital Édouard Herriot, Lyon").contains("même en urgence");
            b.assertAccessible().screenshot("portail-13-professionnel");
            b.click("#autoriser");
            b.awaitText("[role=status]", "Dr Sophie Robert est autorisé à consulter votre dossier.");
            assertThat(card(b, "#autorises", "Dr Sophie Robert").getText()).contains("Autorisé par vous le");

            // ACC-4: withdrawn on a confirmation page
            card(b, "#autorises", "Dr Sophie Robert").findElement(org.openqa.selenium.By.cssSelector("a")).click();
            b.awaitText("main h1", "Retirer l’autorisation");
            b.assertAccessible();
            b.click("#confirmer-retrait");
            b.await("[role=status]");
            assertThat(b.find("#autorises").getText()).doesNotContain("Dr Sophie Robert");

            // ACC-3: block
            b.get("/portail/confidentialite/professionnels/" + Demo.person("Bertrand").idnps());
            b.click("#bloquer");
            b.await("[role=status]");
            assertThat(card(b, "#bloques", "Dr Jade Bertrand").getText()).contains("même en urgence");

            // ACC-5: an establishment
            b.type("#etablissement", "Clinique Jules").click("#t-chercher-etab ~ form button[type=submit]");
            b.await("#resultats-etablissements");
            card(b, "#resultats-etablissements", "Clinique Jules Verne").findElement(org.openqa.selenium.By.cssSelector("a")).click();
            b.click("#autoriser-etablissement");
            b.await("[role=status]");
            assertThat(card(b, "#etablissements", "Clinique Jules Verne").getText()).contains("Nantes");

            // EMG-2: refuse break-glass; a break-glass request is then refused
            b.get("/portail/confidentialite/urgences");
            b.assertAccessible().screenshot("portail-14-urgences");
            b.click("#bdg-non").click("#enregistrer-urgences");
            assertThat(b.textOf("#choix-bris-de-glace")).endsWith("refusé.");
            String btg = http.softwareToken(Demo.person("Leroy").idnps(), "fhir", "purpose.BTG");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference?patient=Patient/" + d.id()))
                    .header("Authorization", "Bearer " + btg).header("Accept", "application/fhir+json")
                    .header("X-Carnet-Break-Glass-Reason", "test").build()).statusCode()).isEqualTo(403);
            b.get("/portail/confidentialite/urgences");
            b.click("#bdg-oui").click("#enregistrer-urgences");
            assertThat(b.textOf("#choix-bris-de-glace")).endsWith("accepté.");

            // ACC-6: another médecin traitant, shown by name, then back to Dr Martin
            b.get("/portail/confidentialite/professionnels/" + Demo.person("Bernard").idnps());
            b.click("#designer");
            b.awaitText("[role=status]", "Dr Hugo Bernard est votre médecin traitant.");
            assertThat(b.find("#medecin-traitant").getText()).startsWith("Dr Hugo Bernard");
            b.get("/portail/confidentialite/professionnels/" + Demo.gp());
            b.click("#designer");
            assertThat(b.textOf("#medecin-traitant")).startsWith("Dr Claire Martin");
        }
    }

    @Autowired
    health.carnet.dossier.operator.DemoSupport support;
    @Autowired
    health.carnet.access.Gate gate;
    @Autowired
    health.carnet.access.Consents consents;

    /**
     * ACC-6: a professional the patient gave the médecin traitant's rights has access: "who may see my dossier"
     * lists them, with the professional's profession and place and since when, and the rights can be withdrawn.
     */
    @Test
    void professionalsWithTheSameRightsAsTheMedecinTraitantAreListed_ACC6() {
        Http http = new Http(port);
        health.carnet.support.Patients patients = PortalPages.patients(port, notifications);
        health.carnet.support.Fresh f = health.carnet.support.Fresh.patient(http, patients, support);
        java.util.UUID dossierId = java.util.UUID.fromString(f.dossierId());
        health.carnet.shared.Actor patient = new health.carnet.shared.Actor(health.carnet.shared.ActorKind.PATIENT, f.login(), "patient",
                null, null, null, health.carnet.shared.ActorRole.CARE, health.carnet.shared.PurposeOfUse.TREAT, "test");
        String nurse = Demo.person("Chevalier").idnps();
        consents.grant(gate.authorize(new health.carnet.access.AccessRequest(patient, health.carnet.access.Action.MANAGE_CONSENTS,
                dossierId)), health.carnet.access.ConsentKind.EXTENDED_RIGHTS, nurse, "mêmes droits", f.login());
        String password = "Droits-etendus-2026";
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, patients, f.login(), f.initialPassword(), f.email());
            b.await("#nouveau");
            b.type("#actuel", f.initialPassword()).type("#nouveau", password).type("#confirmation", password).click("button[type=submit]");
            b.await("main h1");
            b.get("/portail/confidentialite");
            b.await("#droits-etendus");
            assertThat(b.textOf("#t-etendus")).isEqualTo("Professionnels avec les mêmes droits que votre médecin traitant");
            assertThat(card(b, "#droits-etendus", "Chevalier").getText()).contains("Zoé Chevalier").contains("Infirmier")
                    .contains("Depuis le");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-25-droits-etendus");
        }
    }
}
