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

    /** Finds a patient by INS and opens their dossier page (whatever it shows: the dossier, or how to get access). */
    static void openByIns(Browser b, String ins) {
        b.get("/pro/patients?ins=" + ins);
        b.await(".resultat h3 a").click();
        waitPath(b, "/pro/patients/");
        b.await("h1");
    }

    /** A small file to upload, written under target/. */
    static String file(String name, byte[] content) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "uploads");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Path f = dir.resolve(name);
            java.nio.file.Files.write(f, content);
            return f.toAbsolutePath().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
            + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static final byte[] CDA = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ClinicalDocument xmlns="urn:hl7-org:v3">
              <title>Compte rendu de consultation de cardiologie</title>
              <component><structuredBody>
                <component><section><title>Motif</title><text><paragraph>Essoufflement à l'effort.</paragraph></text></section></component>
                <component><section><title>Conclusion</title><text><list><item>Insuffisance cardiaque stable.</item>
                  <item>Revoir dans 3 mois.</item></list></text></section></component>
              </structuredBody></component>
            </ClinicalDocument>
            """.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** On the dossier page: deposits a file with a title, class and type; waits for the dossier page again. */
    static void deposit(Browser b, String path, String title, String classCode, String typeCode, boolean hideFromPatient) {
        b.click("a[href$='/deposer']");
        b.await("#fichier");
        b.find("#fichier").sendKeys(path);
        b.type("#titre", title);
        new org.openqa.selenium.support.ui.Select(b.find("#classe")).selectByValue(classCode);
        new org.openqa.selenium.support.ui.Select(b.find("#type")).selectByValue(typeCode);
        if (hideFromPatient) {
            b.click("#invisiblePatient");
        }
        b.find("#titre").submit();
        b.await("h1");
        new WebDriverWait(b.driver(), Duration.ofSeconds(15)).until(d -> b.path().contains("?depose"));
    }
}
