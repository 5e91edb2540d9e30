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

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /**
     * ACC-6: the patient gives an authorised professional the médecin traitant's rights from the portal (the card's
     * button, a page saying what it means, confirmation): one MANAGE_CONSENTS decision audited as the FHIR API's
     * Consent create ("Consent EXTENDED_RIGHTS &lt;IDNPS&gt;"); "who may see my dossier" then lists them, with the
     * professional's profession and place and since when, and the rights can be withdrawn.
     */
    @Test
    void aPatientGivesAnAuthorisedProfessionalTheSameRightsAsTheMedecinTraitant_ACC6() {
        Http http = new Http(port);
        health.carnet.support.Patients patients = PortalPages.patients(port, notifications);
        health.carnet.support.Fresh f = health.carnet.support.Fresh.patient(http, patients, support);
        java.util.UUID dossierId = java.util.UUID.fromString(f.dossierId());
        String nurse = Demo.person("Chevalier").idnps();
        String password = "Droits-etendus-2026";
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, patients, f.login(), f.initialPassword(), f.email());
            b.await("#nouveau");
            b.type("#actuel", f.initialPassword()).type("#nouveau", password).type("#confirmation", password).click("button[type=submit]");
            b.await("main h1");
            // not authorised yet: nothing to give (the address alone is "not found")
            b.get("/portail/confidentialite/droits-etendus/" + nurse);
            assertThat(b.text()).doesNotContain("Donner ces droits");

            b.get("/portail/confidentialite/professionnels/" + nurse);
            b.click("#autoriser");
            b.awaitText("[role=status]", "Zoé Chevalier est autorisé à consulter votre dossier.");
            card(b, "#autorises", "Chevalier").findElement(org.openqa.selenium.By.linkText("Donner les mêmes droits que le médecin traitant"))
                    .click();
            b.awaitText("main h1", "Donner les mêmes droits que le médecin traitant");
            assertThat(b.textOf("#droits-etendus-aide")).contains("documents masqués").contains("l’historique des accès")
                    .contains("bloquer un professionnel");
            b.assertAccessible().screenshot("portail-26-donner-droits-etendus");
            assertThat(jdbc.sql("select count(*) from access_consent where dossier_id = ? and kind = 'EXTENDED_RIGHTS'").param(dossierId)
                    .query(Long.class).single()).as("nothing given on the explaining page").isZero();
            b.click("#confirmer-droits-etendus");
            b.awaitText("[role=status]", "Zoé Chevalier a maintenant les mêmes droits que le médecin traitant.");
            assertThat(jdbc.sql("select count(*) from audit_event where dossier_id = ? and action = 'MANAGE_CONSENTS' and target = ?"
                            + " and outcome = 'PERMIT'").params(dossierId, "Consent EXTENDED_RIGHTS " + nurse).query(Long.class).single())
                    .as("audited as POST /fhir/Consent").isEqualTo(1);
            assertThat(b.textOf("#t-etendus")).isEqualTo("Professionnels avec les mêmes droits que votre médecin traitant");
            assertThat(card(b, "#droits-etendus", "Chevalier").getText()).contains("Zoé Chevalier").contains("Infirmier")
                    .contains("Depuis le");
            // already given: the card no longer offers it
            assertThat(card(b, "#autorises", "Chevalier").getText()).doesNotContain("Donner les mêmes droits");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-25-droits-etendus");

            // the nurse now reads the access history, as the médecin traitant does (ACC-6)
            String token = http.softwareToken(nurse, "fhir");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/AuditEvent?patient=Patient/" + dossierId))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json").build()).statusCode())
                    .isEqualTo(200);

            // withdrawn on the confirmation page (ACC-4)
            card(b, "#droits-etendus", "Chevalier").findElement(org.openqa.selenium.By.cssSelector("a")).click();
            b.awaitText("main h1", "Retirer l’autorisation");
            b.click("#confirmer-retrait");
            b.await("[role=status]");
            assertThat(b.all("#droits-etendus")).isEmpty();
        }
    }
}
