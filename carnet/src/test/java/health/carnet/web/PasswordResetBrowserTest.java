package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The portal's forgotten password and "Recevoir un nouveau code" (AUT-1): the same page whether
 * the login exists or not, a code on the account's channel, the password rule beside its field,
 * the open session closed by the reset, a really new login code.
 */
@IntegrationTest
class PasswordResetBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;

    @Test
    void aForgottenPasswordIsResetThroughTheCodeAndOpenSessionsClose_AUT1() {
        Http http = new Http(port);
        Patients patients = PortalPages.patients(port, notifications);
        Fresh f = Fresh.patient(http, patients, support);
        String password = "Mon-nouveau-mot-de-passe";
        try (Browser b = Browser.phone(port)) {
            // a session opened before the reset (the initial password is changed first, as the portal asks)
            PortalPages.login(b, patients, f.login(), f.initialPassword(), f.email());
            b.awaitText("main h1", "Choisissez votre mot de passe");
            b.type("#actuel", f.initialPassword()).type("#nouveau", "Premier-mot-de-passe").type("#confirmation", "Premier-mot-de-passe")
                    .click("button[type=submit]");
            // the answer of the submit, not the page it was sent from
            b.awaitPath("/portail/accueil");

            b.get("/portail/connexion");
            b.click("#lien-oubli");
            b.awaitText("main h1", "Mot de passe oublié");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-34-oubli");
            // an unknown login: the very same next page, and nothing sent
            String unknown = "inconnu-" + UUID.randomUUID().toString().substring(0, 8);
            b.type("#identifiant", unknown).click("#envoyer-oubli");
            b.awaitText("main h1", "Choisir un nouveau mot de passe");
            String unknownPage = b.find("main").getText();
            assertThat(notifications.latestTo(unknown, 5)).isEmpty();

            b.get("/portail/mot-de-passe-oublie");
            b.type("#identifiant", f.login()).click("#envoyer-oubli");
            b.awaitText("main h1", "Choisir un nouveau mot de passe");
            assertThat(b.find("main").getText()).isEqualTo(unknownPage);
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-35-oubli-code");
            String first = patients.lastCode(f.email(), "PASSWORD_RESET_CODE");
            b.click("#nouveau-code");
            assertThat(b.textOf("[role=status]")).startsWith("Si cet identifiant existe, un nouveau code");
            String code = patients.lastCode(f.email(), "PASSWORD_RESET_CODE");

            b.type("#code", first.equals(code) ? "000000" : first).type("#nouveau", password).type("#confirmation", password)
                    .click("#changer-mdp");
            assertThat(b.textOf("#erreur-code")).as("the earlier code no longer works")
                    .isEqualTo("Ce code est incorrect. Vérifiez-le et réessayez.");
            b.type("#code", code).type("#nouveau", "court").type("#confirmation", "court").click("#changer-mdp");
            assertThat(b.textOf("#erreur-nouveau")).startsWith("12 caractères au moins");
            b.assertAccessible();
            b.type("#code", code).type("#nouveau", password).type("#confirmation", "autre-chose-encore").click("#changer-mdp");
            assertThat(b.textOf("#erreur-confirmation")).startsWith("Les deux mots de passe ne sont pas identiques");
            b.type("#code", code).type("#nouveau", password).type("#confirmation", password).click("#changer-mdp");
            assertThat(b.textOf("[role=status]")).startsWith("Votre mot de passe a été changé");
            assertThat(b.find("#identifiant").getAttribute("value")).isEqualTo(f.login());
            assertThat(patients.lastDelivered(f.email(), "PASSWORD_CHANGED")).contains("a été changé");

            // the session opened before the reset is closed
            b.get("/portail/documents");
            assertThat(b.path()).isEqualTo("/portail/connexion");
            PortalPages.login(b, patients, f.login(), password, f.email());
            // the answer of the submit, not the page it was sent from
            b.awaitPath("/portail/documents");
        }
    }

    @Test
    void theCodeStepSendsAReallyNewCode_AUT1() {
        Http http = new Http(port);
        Patients patients = PortalPages.patients(port, notifications);
        Fresh f = Fresh.patient(http, patients, support);
        try (Browser b = Browser.phone(port)) {
            b.get("/portail/connexion");
            b.type("#identifiant", f.login()).type("#motDePasse", f.initialPassword()).click("button[type=submit]");
            b.await("#code");
            String first = patients.lastCode(f.email(), "LOGIN_CODE");
            b.click("#nouveau-code");
            b.awaitText("[role=status]", "Un nouveau code vient d’être envoyé. Le précédent ne fonctionne plus.");
            assertThat(b.path()).isEqualTo("/portail/code");
            b.assertAccessible().screenshot("portail-36-nouveau-code");
            String second = patients.lastCode(f.email(), "LOGIN_CODE");
            assertThat(notifications.latestTo(f.email(), 10).stream().filter(m -> m.kind().equals("LOGIN_CODE")).count()).isEqualTo(2);
            if (!first.equals(second)) {
                b.type("#code", first).click("button[type=submit]");
                assertThat(b.textOf("#erreur-code")).as("the earlier code no longer works")
                        .isEqualTo("Ce code est incorrect. Vérifiez-le et réessayez.");
            }
            b.type("#code", second).click("button[type=submit]");
            b.awaitText("main h1", "Choisissez votre mot de passe");
        }
    }
}
