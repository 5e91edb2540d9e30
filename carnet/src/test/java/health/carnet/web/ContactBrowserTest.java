package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.Dossiers;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.support.Browser;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * "Mon compte" (AUT-1, NOT-1): the email, the mobile number and the channel of codes change only
 * once a code sent to the new address is typed back; the old address is told; the next login code
 * goes to the new address. The password form of the page keeps its errors beside the fields.
 */
@IntegrationTest
class ContactBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    Dossiers dossiers;

    @Test
    void aNewAddressTakesEffectOnlyOnceConfirmedAndTheOldOneIsTold_AUT1_NOT1() {
        Http http = new Http(port);
        Patients patients = PortalPages.patients(port, notifications);
        Fresh f = Fresh.patient(http, patients, support);
        String password = "Premier-mot-de-passe";
        String newEmail = "nouvelle-" + UUID.randomUUID() + "@example.org";
        String phone = "+336" + String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits())).substring(0, 8);
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, patients, f.login(), f.initialPassword(), f.email());
            b.await("#nouveau");
            b.type("#actuel", f.initialPassword()).type("#nouveau", password).type("#confirmation", password).click("button[type=submit]");
            // the change answered (home page) before going elsewhere: else its late answer replaces the next page
            b.awaitPath("/portail/accueil");
            b.get("/portail/compte");
            assertThat(b.find("#courriel").getText()).isEqualTo(f.email());

            // the account's password form: errors beside their fields
            b.type("#actuel", "pas-le-bon-mot-de-passe").type("#nouveau", "Encore-un-autre-mdp").type("#confirmation", "Encore-un-autre-mdp")
                    .click("form[action='/portail/compte/mot-de-passe'] button[type=submit]");
            b.awaitText("#erreur-actuel", "Le mot de passe actuel est incorrect.");

            b.click("#lien-coordonnees");
            b.awaitText("main h1", "Modifier mes coordonnées");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-37-coordonnees");
            b.type("#courriel", "pas-une-adresse").click("#enregistrer-coordonnees");
            assertThat(b.textOf("#erreur-courriel")).startsWith("Saisissez une adresse électronique valide");
            b.type("#courriel", newEmail).type("#telephone", phone).click("#enregistrer-coordonnees");
            assertThat(b.textOf("#erreur-coordonnees")).startsWith("Modifiez une adresse à la fois");

            b.type("#courriel", newEmail).type("#telephone", "").click("#enregistrer-coordonnees");
            b.awaitText("main h1", "Confirmer ma nouvelle adresse");
            assertThat(b.text()).contains("n***@example.org");
            b.assertAccessible().screenshot("portail-38-coordonnees-code");
            String code = patients.lastCode(newEmail, "CONTACT_CODE");
            // nothing changed yet
            b.get("/portail/compte");
            assertThat(b.find("#courriel").getText()).isEqualTo(f.email());
            b.get("/portail/compte/coordonnees/code");
            b.type("#code", code.equals("000000") ? "111111" : "000000").click("#confirmer-coordonnees");
            b.awaitText("#erreur-code", "Ce code est incorrect. Vérifiez-le et réessayez.");
            b.type("#code", code).click("#confirmer-coordonnees");
            b.awaitText("[role=status]", "Vos coordonnées ont été modifiées.");
            assertThat(b.find("#courriel").getText()).isEqualTo(newEmail);
            assertThat(patients.lastDelivered(f.email(), "CONTACT_CHANGED")).contains("ont été modifiées").contains("(heure de Paris)");
            assertThat(dossiers.find(UUID.fromString(f.dossierId())).orElseThrow().email()).as("the dossier's notices follow")
                    .isEqualTo(newEmail);

            // then to SMS: the code goes to the phone, and the channel changes once confirmed
            b.click("#lien-coordonnees");
            b.await("#telephone");
            b.type("#telephone", phone).click("#canal-sms").click("#enregistrer-coordonnees");
            b.await("#code");
            b.type("#code", patients.lastCode(phone, "CONTACT_CODE")).click("#confirmer-coordonnees");
            b.await("[role=status]");
            assertThat(b.find("#canal").getText()).isEqualTo("SMS");

            b.click("form[action='/portail/deconnexion'] button");
            b.await("#identifiant");
            PortalPages.login(b, patients, f.login(), password, phone);
            assertThat(b.textOf("main h1")).isNotEqualTo("Me connecter à mon dossier médical");
            assertThat(b.path()).isEqualTo("/portail/accueil");
        }
    }
}
