package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.platform.MovableClock;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.MailServer;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * NOT-1, NOT-3 in the portal: the patient chooses channels and optional events; three deposits by
 * one professional within the grouping window are delivered (GreenMail) as ONE message; a turned-off
 * event sends nothing more, while the security notices stay listed as always sent.
 */
@IntegrationTest
class NotificationsBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    Dossiers dossiers;
    @Autowired
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void depositsByOneProfessionalMakeOneDeliveredNoticeAndATurnedOffEventSendsNothing_NOT1_NOT3() {
        Http http = new Http(port);
        Patients patients = PortalPages.patients(port, notifications);
        Fresh f = Fresh.patient(http, patients, support);
        Dossier d = dossiers.find(UUID.fromString(f.dossierId())).orElseThrow();
        String gpToken = http.softwareToken(Demo.gp());
        HttpResponse<String> consults = http.post("/api/pro/dossiers/" + f.dossierId() + "/consultation", gpToken,
                Map.of("carteVitale", f.carteVitale(), "consentDeclared", true));
        assertThat(consults.statusCode()).as(consults.body()).isLessThan(300);

        // three deposits, one professional, within the window: one message, once the window is over
        for (int i = 1; i <= 3; i++) {
            PortalPages.deposit(http, d, Mhd.Doc.pdf("Compte rendu " + i));
        }
        assertThat(notifications.latestTo(f.email(), 20)).filteredOn(m -> m.kind().equals("DOCUMENT_DEPOSITED")).hasSize(1)
                .allSatisfy(m -> assertThat(m.sentAt()).as("waits for the window").isNull());
        clock.moveBy(Duration.ofMinutes(3));
        MailServer.awaitCount(f.email(), "Nouveau document", 1, Duration.ofSeconds(15));
        assertThat(patients.lastDelivered(f.email(), "DOCUMENT_DEPOSITED"))
                .startsWith("3 nouveaux documents ont été ajoutés à votre dossier médical partagé par un même professionnel.");
        clock.reset();

        String password = "Premier-mot-de-passe";
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, patients, f.login(), f.initialPassword(), f.email());
            b.await("#nouveau");
            b.type("#actuel", f.initialPassword()).type("#nouveau", password).type("#confirmation", password).click("button[type=submit]");
            // the change answered (home page) before going elsewhere: else its late answer replaces the next page
            b.awaitPath("/portail/accueil");
            b.get("/portail/notifications");
            b.awaitText("main h1", "Notifications");
            assertThat(b.find("#canal-courriel").isSelected()).isTrue();
            assertThat(b.find("#canal-sms").isSelected()).isFalse();
            assertThat(b.find("#ev-document").isSelected()).isTrue();
            assertThat(b.find("#ev-autorisation").isSelected()).isTrue();
            assertThat(b.text()).contains("Toujours envoyées, pour votre sécurité").contains("Chaque connexion à votre compte");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-39-notifications");

            // no channel, or SMS without a number: refused beside the choice, nothing saved
            b.click("#canal-courriel").click("#enregistrer-notifications");
            b.awaitText("#erreur-canaux", "Choisissez au moins un moyen : courriel ou SMS.");
            b.assertAccessible();
            b.click("#canal-sms").click("#enregistrer-notifications");
            b.awaitTextStartingWith("#erreur-canaux", "Aucun numéro de mobile n’est enregistré");

            b.get("/portail/notifications");
            b.click("#ev-document").click("#enregistrer-notifications");
            b.awaitText("[role=status]", "Vos choix de notifications sont enregistrés.");
            assertThat(b.find("#ev-document").isSelected()).isFalse();
            assertThat(b.find("#ev-autorisation").isSelected()).isTrue();
        }
        PortalPages.deposit(http, d, Mhd.Doc.pdf("Compte rendu 4"));
        assertThat(notifications.latestTo(f.email(), 30)).as("a turned-off event sends nothing")
                .filteredOn(m -> m.kind().equals("DOCUMENT_DEPOSITED")).hasSize(1);
        // a security notice still goes: a login is always told
        assertThat(notifications.latestTo(f.email(), 30)).filteredOn(m -> m.kind().equals("LOGIN")).isNotEmpty();
    }
}
