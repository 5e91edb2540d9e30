package health.carnet.web.pro;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.support.Browser;
import java.time.Duration;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Signing in to /pro in a browser as a demo professional, through the embedded issuer's page (AUT-2). */
final class ProPortal {

    private ProPortal() {
    }

    /** From /pro: the sign-in button, the issuer's page, back on the portal. */
    static Browser signIn(Browser browser, String idnps) {
        browser.get("/pro");
        browser.click("a.bouton");
        browser.await("#username");
        browser.type("#username", idnps).type("#password", "demo").click("button[type=submit]");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> browser.path().startsWith("/pro/"));
        assertThat(browser.path()).doesNotStartWith("/pro?echec");
        return browser;
    }

    /** At the issuer's page (after a redirect), signs in and waits to be back on /pro. */
    static void signInHere(Browser browser, String idnps) {
        browser.await("#username");
        browser.type("#username", idnps).type("#password", "demo").click("button[type=submit]");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> browser.path().startsWith("/pro/"));
    }

    static void waitPath(Browser browser, String prefix) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> browser.path().startsWith(prefix));
    }
}
