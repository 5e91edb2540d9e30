package health.carnet.web.pro;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.MailServer;
import health.carnet.support.Patients;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * ACC-2 without the Carte Vitale, in Chromium: a doctor attests the patient is present and consents
 * orally (each box said next to itself when missing), reads the dossier; the patient is told by
 * email at once and sees "Consentement oral déclaré par Dr … le …" in their list of authorised
 * professionals; the regulator is not offered the form (EMG-1 is their access).
 */
@IntegrationTest
class ProOralConsentBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    DemoSupport support;
    @Autowired
    Notifications notifications;

    @Test
    void aDoctorDeclaresThePatientsOralConsentAndThePatientSeesItInTheirAccessList_ACC2() {
        Http http = new Http(port);
        Patients patients = new Patients(http, notifications);
        Fresh p = Fresh.patient(http, patients, support);
        String ins = p.nir();
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.person("Lefèvre").idnps());
            ProPortal.openByIns(b, ins);
            assertThat(b.text()).contains("Le patient est présent sans sa carte Vitale");
            org.openqa.selenium.WebElement heading = b.find("h1");
            b.click("#oralConsentement");
            b.find("#oralConsentement").submit();
            b.awaitGone(heading);
            b.await("#erreur-oral-present");
            assertThat(b.find("#erreur-oral-present").getText()).contains("attester que le patient est présent");
            assertThat(b.find("#oralPresent").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(b.all("#erreur-oral-consentement")).isEmpty();
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-34-consentement-oral-erreur");
            b.click("#oralPresent").click("#oralConsentement");
            b.find("#oralPresent").submit();
            ProPortal.waitPath(b, "/pro/patients/" + p.dossierId() + "?autorise");
            b.await("h1");
            assertThat(b.all("#oral")).isEmpty();
            b.screenshot("pro-35-consentement-oral-dossier");
        }
        MailServer.awaitCount(p.email(), "Consentement oral", 1, Duration.ofSeconds(15));
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, Demo.person("Vincent").idnps());
            ProPortal.openByIns(b, ins);
            assertThat(b.all("form[action$='/centre15']")).hasSize(1);
            assertThat(b.all("#oral")).isEmpty();
        }
        String password = "Premier-mot-de-passe";
        try (Browser b = Browser.phone(port)) {
            b.get("/portail/connexion");
            b.type("#identifiant", p.login()).type("#motDePasse", p.initialPassword()).click("button[type=submit]");
            org.openqa.selenium.WebElement code = b.await("#code");
            b.type("#code", patients.lastCode(p.email(), "LOGIN_CODE")).click("button[type=submit]");
            b.awaitGone(code);
            b.await("#nouveau");
            b.type("#actuel", p.initialPassword()).type("#nouveau", password).type("#confirmation", password).click("button[type=submit]");
            // the change answered (home page) before going elsewhere: else its late answer replaces the next page
            b.awaitPath("/portail/accueil");
            b.get("/portail/confidentialite");
            String line = b.all("#autorises li").stream().map(org.openqa.selenium.WebElement::getText)
                    .filter(t -> t.contains("Chloé Lefèvre")).findFirst().orElseThrow(() -> new AssertionError(b.text()));
            assertThat(line).contains("Consentement oral déclaré par Dr Chloé Lefèvre le ");
            b.assertAccessible().screenshot("portail-14-consentement-oral");
        }
    }
}
