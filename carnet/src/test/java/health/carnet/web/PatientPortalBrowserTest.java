package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.demo.DemoPatients;
import health.carnet.document.operator.BulkLoad;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The patients' portal in Debian's Chromium at phone size (API-2): each journey walked through the
 * pages, what the page says asserted, axe-core run on every page, a screenshot of each main page
 * under target/screenshots/.
 */
@IntegrationTest
class PatientPortalBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    Dossiers dossiers;
    @Autowired
    BulkLoad bulkLoad;

    @Test
    void landingLoginWithOneTimeCodeAndHomeInFrenchThenEnglish_AUT1_API2() {
        Patients patients = PortalPages.patients(port, notifications);
        try (Browser b = Browser.phone(port)) {
            b.get("/");
            assertThat(b.find("html").getAttribute("lang")).isEqualTo("fr");
            assertThat(b.text()).contains("Je suis patient").contains("Je suis professionnel de santé");
            assertThat(b.find("#je-suis-professionnel").getAttribute("href")).endsWith("/pro");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-00-accueil-public");
            b.click("#je-suis-patient").await("#identifiant");
            assertThat(b.path()).isEqualTo("/portail/connexion");
            b.assertAccessible().screenshot("portail-01-connexion");

            // the same French message whether the login exists or not (no enumeration), tied to the fields
            b.type("#identifiant", "elise.guerin").type("#motDePasse", "pas le bon").click("button[type=submit]");
            String wrong = b.textOf("#erreur-connexion");
            assertThat(wrong).startsWith("Identifiant ou mot de passe incorrect");
            assertThat(b.find("#motDePasse").getAttribute("aria-describedby")).isEqualTo("erreur-connexion");
            b.assertAccessible();
            org.openqa.selenium.WebElement firstError = b.find("#erreur-connexion");
            b.type("#identifiant", "personne.inconnue").type("#motDePasse", "pas le bon").click("button[type=submit]");
            assertThat(b.awaitGone(firstError).textOf("#erreur-connexion")).isEqualTo(wrong);

            b.type("#identifiant", "elise.guerin").type("#motDePasse", DemoPatients.PASSWORD).click("button[type=submit]");
            b.await("#code");
            assertThat(b.text()).contains("Un code de 6 chiffres vient d’être envoyé à");
            b.assertAccessible().screenshot("portail-02-code");
            // the code page survives a refresh
            b.driver().navigate().refresh();
            b.await("#code");
            b.type("#code", "000000").click("button[type=submit]");
            b.awaitText("#erreur-code", "Ce code est incorrect. Vérifiez-le et réessayez.");
            assertThat(b.find("#code").getAttribute("aria-invalid")).isEqualTo("true");
            b.type("#code", patients.lastCode(Patients.emailOf("elise.guerin"), "LOGIN_CODE")).click("button[type=submit]");

            // the answer of the submit, not the page it was sent from
            b.awaitPath("/portail/accueil");
            assertThat(b.find("main h1").getText()).isEqualTo("Bonjour Elise Guerin");
            assertThat(b.text()).contains("Médecin traitant").contains("Dr Claire Martin, Cabinet médical Voltaire")
                    .contains("Derniers documents").contains("Derniers accès par des professionnels")
                    .doesNotContain("810000000017").doesNotContain("DOS-OWNER");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-03-accueil");

            // English on every page, remembered
            b.click("a[hreflang=en]");
            b.awaitText("main h1", "Hello Elise Guerin");
            assertThat(b.find("html").getAttribute("lang")).isEqualTo("en");
            b.get("/portail/historique");
            assertThat(b.find("main h1").getText()).isEqualTo("Access history");
            b.assertAccessible();
            b.click("a[hreflang=fr]");
            b.awaitText("main h1", "Historique des accès");

            b.click("form[action='/portail/deconnexion'] button");
            b.await("#identifiant");
            b.get("/portail/documents");
            b.await("#identifiant");
            assertThat(b.path()).isEqualTo("/portail/connexion");
        }
    }

    @Test
    void documentsAreListedOpenedDownloadedMaskedAndDeleted_DOC4_DOC5() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "michel.andre");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        PortalPages.deposit(http, d, Mhd.Doc.pdf("Consultation " + tag), Mhd.Doc.cda("Synthese " + tag));
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, PortalPages.patients(port, notifications), "michel.andre");
            b.get("/portail/documents");
            b.await("#liste-documents");
            WebElement first = b.all("#liste-documents li").get(0);
            assertThat(b.text()).contains("Compte rendu de consultation").contains("Synthèse médicale")
                    .contains("Dr Claire Martin (Médecin)").doesNotContain("11488-4").doesNotContain("60591-5");
            assertThat(first.getText()).contains(" à ");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-04-documents");
            // in English, the author's profession too: the value-set names the professionals' portal shows
            b.get("/portail/documents?lang=en");
            b.awaitText("main h1", "Documents");
            assertThat(b.find("html").getAttribute("lang")).isEqualTo("en");
            b.await("#liste-documents li");
            assertThat(b.all("#liste-documents li").stream().map(WebElement::getText).toList())
                    .anySatisfy(t -> assertThat(t).contains("Dr Claire Martin (Physician)"))
                    .noneSatisfy(t -> assertThat(t).contains("(Médecin)"));
            assertThat(b.text()).contains("Dr Claire Martin (Physician)").doesNotContain("(Médecin)");
            b.get("/portail/documents?lang=fr");
            b.await("#liste-documents");

            // open the PDF in the page, then the CDA shown as text
            b.find("#liste-documents li a[href*='/portail/documents/']");
            String pdfLink = b.all("#liste-documents li").stream().filter(li -> li.getText().contains("Compte rendu de consultation"))
                    .findFirst().orElseThrow().findElement(org.openqa.selenium.By.cssSelector("a")).getAttribute("href");
            b.driver().get(pdfLink);
            b.await("iframe.visionneuse");
            String docPath = b.path();
            // the PDF is really shown in the frame: a frame the response forbids (frame-ancestors 'none') holds
            // the browser's error page, of another origin, whose location the page cannot read
            new org.openqa.selenium.support.ui.WebDriverWait(b.driver(), java.time.Duration.ofSeconds(10)).until(driver -> String.valueOf(
                    ((JavascriptExecutor) driver).executeScript("""
                            const f = document.querySelector('iframe.visionneuse');
                            try { return f.contentWindow.location.href; } catch (e) { return 'blocked: ' + e; }""")).endsWith("/contenu"));
            assertThat(b.text()).contains("Dr Claire Martin").contains("PDF").contains("Visible par les professionnels autorisés");
            b.assertAccessible().screenshot("portail-05-document");
            Object downloaded = ((JavascriptExecutor) b.driver()).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(arguments[0]).then(r => r.text().then(t => done(r.headers.get('content-disposition') + '|' + t)));
                    """, docPath + "/telecharger");
            assertThat((String) downloaded).startsWith("attachment").contains("%PDF-1.4").contains("Consultation " + tag);

            // DOC-5: masking says what it means, on a page of its own, then shows on the document
            b.click("#masquer");
            b.awaitText("main h1", "Masquer ce document");
            assertThat(b.text()).contains("Votre médecin traitant et l’auteur du document le voient toujours.");
            b.assertAccessible().screenshot("portail-06-masquer");
            b.click("main form button[type=submit]");
            b.awaitText("[role=status]", "Le document est masqué aux professionnels.");
            assertThat(b.find(".visibilite").getText()).startsWith("Masqué aux professionnels");
            UUID docId = UUID.fromString(docPath.substring(docPath.lastIndexOf('/') + 1));
            HttpResponse<String> asAuthor = http.get("/fhir/DocumentReference/" + docId, http.softwareToken(Demo.gp()));
            assertThat(asAuthor.body()).contains("MASQUE_PS");
            b.click("#masquer");
            b.awaitText("main h1", "Ne plus masquer ce document");
            b.click("main form button[type=submit]");
            assertThat(b.textOf("[role=status]")).contains("de nouveau visible");
            assertThat(http.get("/fhir/DocumentReference/" + docId, http.softwareToken(Demo.gp())).body()).doesNotContain("MASQUE_PS");

            // DOC-4: deletion asks first, then the document is gone from the list and its page
            b.click("#supprimer");
            b.awaitText("main h1", "Supprimer ce document");
            assertThat(b.text()).contains("irréversible");
            b.assertAccessible().screenshot("portail-07-supprimer");
            b.click("button.danger");
            b.awaitText("[role=status]", "Le document a été supprimé.");
            assertThat(b.text()).doesNotContain("Consultation " + tag);
            b.get(docPath);
            assertThat(b.find("main h1").getText()).isEqualTo("Page introuvable");
            b.assertAccessible();
        }
    }

    @Test
    void aHundredAndTwentyDocumentsArePagedTwentyAtATime() {
        Dossier d = Demo.dossier(dossiers, "nicolas.boyer");
        String prefix = "Analyse " + UUID.randomUUID().toString().substring(0, 4);
        PortalPages.bulk(bulkLoad, d, 120, prefix);
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, PortalPages.patients(port, notifications), "nicolas.boyer");
            b.get("/portail/documents");
            Set<String> titles = new LinkedHashSet<>();
            int pages = 0;
            while (true) {
                List<WebElement> cards = b.all("#liste-documents li a.titre-carte");
                assertThat(cards.size()).isBetween(1, 20);
                cards.forEach(c -> titles.add(c.getText() + "|" + c.getAttribute("href")));
                pages++;
                if (pages == 2) {
                    b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-08-documents-page-2");
                }
                if (b.all("a[rel=next]").isEmpty()) {
                    break;
                }
                b.click("a[rel=next]");
                b.await("#liste-documents");
            }
            assertThat(pages).isGreaterThanOrEqualTo(6);
            assertThat(titles.stream().filter(t -> t.startsWith(prefix + " ")).count()).isEqualTo(120);
            // filters: by type (laboratory reports), by a date range that excludes them
            b.get("/portail/documents?type=11502-2");
            assertThat(b.text()).contains(prefix);
            b.get("/portail/documents?du=2001-01-01&au=2001-12-31");
            assertThat(b.text()).contains("Aucun document ne correspond à ces filtres.");
            b.get("/portail/documents?du=pas-une-date");
            assertThat(b.find("#erreur-du").getText()).contains("Cette date n’est pas valide");
            assertThat(b.find("#du").getAttribute("aria-describedby")).isEqualTo("erreur-du");
            b.assertAccessible();
        }
    }

    @Test
    void aBreakGlassAccessStaysOnTheFirstPageOfProfessionalsOnlyAfterFiveLogins_AUD2_EMG2() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "yves.gauthier");
        String reason = "Patient inconscient aux urgences " + UUID.randomUUID().toString().substring(0, 4);
        String btg = http.softwareToken(Demo.person("Leroy").idnps(), "fhir", "purpose.BTG");
        HttpResponse<String> access = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference?patient=Patient/" + d.id()))
                .header("Authorization", "Bearer " + btg).header("Accept", "application/fhir+json")
                .header("X-Carnet-Break-Glass-Reason", reason).build());
        assertThat(access.statusCode()).as(access.body()).isEqualTo(200);
        Patients patients = PortalPages.patients(port, notifications);
        for (int i = 0; i < 5; i++) {
            patients.token("yves.gauthier");
        }
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, patients, "yves.gauthier");
            // home: the emergency is an alert, with the reason the professional gave
            assertThat(b.find("li.urgence").getText()).contains("Accès en urgence (bris de glace)").contains("Dr Léa Leroy")
                    .contains(reason);
            b.get("/portail/historique?filtre=professionnels");
            WebElement emergency = b.all("#historique li").stream().filter(li -> li.getText().contains(reason)).findFirst()
                    .orElseThrow(() -> new AssertionError("the break-glass access is not on the first page: " + b.text()));
            assertThat(emergency.getAttribute("class")).contains("urgence");
            assertThat(emergency.getText()).contains("Dr Léa Leroy — Médecin").contains("CHU de Bordeaux")
                    .contains("Accès en urgence (bris de glace)").containsPattern("\\d{1,2} \\p{L}+\\.? \\d{4} à \\d{1,2} h \\d{2}");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-09-historique");
            // the default view leaves out the patient's own reads and logins; they are recorded and can be shown
            b.get("/portail/historique");
            assertThat(b.find("#historique").getText()).contains(reason).doesNotContain("Connexion au compte");
            b.get("/portail/historique?filtre=connexions");
            assertThat(b.all("#historique li").size()).isGreaterThanOrEqualTo(6);
            assertThat(b.find("#historique").getText()).contains("Connexion au compte").contains("Vous");
            b.get("/portail/historique?filtre=moi");
            assertThat(b.find("#historique").getText()).contains("A consulté l’historique des accès");
            b.get("/portail/historique?filtre=urgences");
            assertThat(b.find("#historique").getText()).contains(reason).doesNotContain("Connexion au compte");
            b.assertAccessible();
        }
    }

    @Test
    void errorsAndAnExpiredSessionAreFrenchPagesNeverRawErrors() {
        Http http = new Http(port);
        HttpResponse<String> login = http.get("/portail/connexion", null);
        assertThat(login.headers().firstValue("Content-Language")).hasValue("fr");
        assertThat(login.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        try (Browser b = Browser.phone(port)) {
            b.get("/portail/nulle-part");
            assertThat(b.find("main h1").getText()).isEqualTo("Page introuvable");
            b.assertAccessible().screenshot("portail-10-erreur-404");
            PortalPages.login(b, PortalPages.patients(port, notifications), "sarah.mercier");
            b.get("/portail/documents/" + UUID.randomUUID());
            assertThat(b.find("main h1").getText()).isEqualTo("Page introuvable");
            b.get("/portail/documents/pas-un-identifiant");
            assertThat(b.find("main h1").getText()).isEqualTo("Page introuvable");
            assertThat(b.text()).doesNotContain("Exception").doesNotContain("UUID");
            // the session expires: back to login, told so, then back where the patient was
            b.driver().manage().deleteCookieNamed("JSESSIONID");
            b.driver().manage().addCookie(new Cookie("JSESSIONID", "EXPIRED0000000000000000000000000"));
            b.get("/portail/historique?filtre=urgences");
            b.awaitText("[role=status]", "Votre session a expiré. Reconnectez-vous pour reprendre là où vous étiez.");
            b.screenshot("portail-11-session-expiree");
            Patients patients = PortalPages.patients(port, notifications);
            b.type("#identifiant", "sarah.mercier").type("#motDePasse", DemoPatients.PASSWORD).click("button[type=submit]");
            b.await("#code");
            b.type("#code", patients.lastCode(Patients.emailOf("sarah.mercier"), "LOGIN_CODE")).click("button[type=submit]");
            // the answer of the submit, not the page it was sent from
            b.awaitPath("/portail/historique?filtre=urgences");
        }
    }
}
