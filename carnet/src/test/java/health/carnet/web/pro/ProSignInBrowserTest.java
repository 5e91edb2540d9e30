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
            ProPortal.waitPath(b, "/pro");
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
            b.driver().manage().deleteAllCookies(); // the session expired
            b.get("/pro/patients/" + d.id());
            b.await("#username");
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
