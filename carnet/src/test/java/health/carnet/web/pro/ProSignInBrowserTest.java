package health.carnet.web.pro;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.Dossiers;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** AUT-2 in a browser: the issuer's French sign-in page, the OIDC round trip, sign-out, an expired session. */
@IntegrationTest
class ProSignInBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    health.carnet.directory.ExtractImporter importer;

    /** A doctor the directory lists in two places: at a hospital in Lyon and in a Paris practice. */
    private String doctorWithTwoActivities() throws Exception {
        String idnps = health.carnet.shared.Idnps.rpps(health.carnet.shared.Idnps.rppsWithCheckDigit("1000099001")).value();
        String lines = health.carnet.demo.DemoDirectory.HEADER + "\n"
                + "8|" + idnps.substring(1) + "|" + idnps + "|Dr|Multisite|Jeanne|10|Médecin|S|SM04|Cardiologie|S|"
                + health.carnet.shared.Finess.withCheckDigit("69078118").value()
                + "|STRUCT-CHU-LYON|Hôpital Édouard Herriot|69003|69383|Lyon|SA01|Établissement public de santé|CARE|\n"
                + "8|" + idnps.substring(1) + "|" + idnps + "|Dr|Multisite|Jeanne|10|Médecin|S|SM04|Cardiologie|L||"
                + "STRUCT-CAB-PARIS|Cabinet médical Voltaire|75011|75111|Paris|SA07|Cabinet individuel|CARE|\n";
        importer.importExtract(new java.io.BufferedReader(new java.io.StringReader(lines)), m -> { });
        return idnps;
    }

    @Test
    void aProfessionalWithTwoActivitiesChoosesOneAndAForgedChoiceIsRefused() throws Exception {
        String idnps = doctorWithTwoActivities();
        try (Browser b = Browser.phone(port)) {
            b.get("/pro");
            b.click("a.bouton");
            ProPortal.signInHere(b, idnps);
            ProPortal.waitPath(b, "/pro/activite");
            assertThat(b.all("input[name=activite]")).hasSize(2);
            assertThat(b.text()).contains("Hôpital Édouard Herriot").contains("Cabinet médical Voltaire");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-05-activite");
            // a forged choice (an activity of someone else) is refused with a message next to the list
            ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript(
                    "document.querySelector('input[name=activite]').value = '999999999'");
            b.click("input[name=activite]");
            b.find("input[name=activite]").submit();
            b.await("#erreur-activite");
            assertThat(b.find("#erreur-activite").getText()).contains("Choisissez une de vos activités");
            b.all("input[name=activite]").stream().filter(e -> e.findElement(org.openqa.selenium.By.xpath("..")).getText()
                    .contains("Cabinet médical Voltaire")).findFirst().orElseThrow().click();
            b.find("input[name=activite]").submit();
            ProPortal.waitPath(b, "/pro/patients");
            assertThat(b.find(".qui").getText()).contains("Cabinet médical Voltaire");
        }
    }

    @Test
    void theDemoDoctorWithTwoActivitiesChoosesOneAtSignIn_ACC5() {
        // the demo directory itself lists Dr Tom Mercier at the Lyon hospital and in a Lyon practice
        try (Browser b = Browser.phone(port)) {
            b.get("/pro");
            b.click("a.bouton");
            ProPortal.signInHere(b, Demo.person("Mercier").idnps());
            ProPortal.waitPath(b, "/pro/activite");
            assertThat(b.all("input[name=activite]")).hasSize(2);
            assertThat(b.text()).contains("Hôpital Édouard Herriot").contains("Cabinet de la Croix-Rousse");
            b.all("input[name=activite]").stream().filter(e -> e.findElement(org.openqa.selenium.By.xpath("..")).getText()
                    .contains("Cabinet de la Croix-Rousse")).findFirst().orElseThrow().click();
            b.find("input[name=activite]").submit();
            ProPortal.waitPath(b, "/pro/patients");
            assertThat(b.find(".qui").getText()).contains("Tom Mercier").contains("Cabinet de la Croix-Rousse");
        }
    }

    @Test
    void aGpSignsInOnTheIssuersFrenchPageAndSignsOut() {
        try (Browser b = Browser.phone(port)) {
            b.get("/pro");
            assertThat(b.find("html").getAttribute("lang")).isEqualTo("fr");
            assertThat(b.find("h1").getText()).contains("navigateur");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-01-accueil");
            b.click("a.bouton");
            b.await("#username");
            assertThat(b.path()).startsWith("/login");
            assertThat(b.text()).contains("Connexion avec votre carte").doesNotContain("Please sign in");
            b.assertAccessible().screenshot("pro-02-connexion-issuer");

            b.type("#username", Demo.gp()).type("#password", "pas le bon").click("button[type=submit]");
            b.await("[role=alert]");
            assertThat(b.find("[role=alert]").getText()).contains("Identifiant ou code incorrect");
            assertThat(b.find("#password").getAttribute("aria-describedby")).contains("erreur-connexion");
            b.assertAccessible().screenshot("pro-03-connexion-erreur");

            b.type("#username", Demo.gp()).type("#password", "demo").click("button[type=submit]");
            ProPortal.waitPath(b, "/pro/patients");
            assertThat(b.text()).contains("Claire Martin").contains("Cabinet médical Voltaire");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-04-recherche");

            b.click(".entete form button");
            // the sign-out's answer, not the old page (whose path also starts with /pro)
            ProPortal.waitPath(b, "/pro?deconnecte");
            assertThat(b.text()).contains("Vous êtes déconnecté");
            // signed out of the portal and of the issuer: the next page asks for the card again
            b.get("/pro/patients");
            b.await("#username");
            assertThat(b.path()).startsWith("/login");
        }
    }

    @Test
    void anExpiredSessionSignsInAgainAndReturnsWhereTheProfessionalWas() {
        var d = Demo.dossier(dossiers, "lea.petit");
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.gp());
            b.get("/pro/patients?ins=" + d.ins().value());
            b.await(".resultat");
            // the session expired: the browser still sends its cookie, the server knows it no more
            b.driver().manage().deleteCookieNamed("JSESSIONID");
            b.driver().manage().addCookie(new org.openqa.selenium.Cookie("JSESSIONID", "0123456789ABCDEF0123456789ABCDEF", "/"));
            b.get("/pro/patients/" + d.id());
            b.await("#username");
            assertThat(b.textOf("#session-expiree").replace('\u00a0', ' '))
                    .isEqualTo("Votre session a expiré. Reconnectez-vous : vous reviendrez à la page où vous étiez.");
            b.assertAccessible();
            ProPortal.signInHere(b, Demo.gp());
            ProPortal.waitPath(b, "/pro/patients/" + d.id());
            assertThat(b.find("h1").getText()).isEqualTo("Léa Petit");
        }
    }

    @Test
    void englishIsSelectable() {
        try (Browser b = Browser.phone(port)) {
            b.get("/pro?lang=en");
            assertThat(b.find("html").getAttribute("lang")).isEqualTo("en");
            assertThat(b.find("a.bouton").getText()).contains("Sign in");
            b.click("a.bouton");
            b.await("#username");
            assertThat(b.find("button[type=submit]").getText()).isEqualTo("Sign in");
            b.assertAccessible();
        }
    }
}
