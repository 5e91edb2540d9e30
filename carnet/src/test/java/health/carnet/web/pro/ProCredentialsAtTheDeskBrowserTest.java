package health.carnet.web.pro;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.audit.AuditRecord;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.platform.MovableClock;
import health.carnet.shared.Ins;
import health.carnet.support.AuditEntries;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * MIN-4 at the desk in the professionals' portal: a new adult whose family gave a parent's address
 * comes of age without credentials of their own; a pharmacist they present their Carte Vitale to
 * finds the form on the dossier's page, errors are said next to their fields (a missing card and
 * address, a wrong card, a bad address) with nothing sent, then the credentials go to the address
 * the adult gives, never to the page; the handover is audited; the adult's login works.
 */
@IntegrationTest
class ProCredentialsAtTheDeskBrowserTest {

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
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aPharmacistHandsANewAdultTheirCredentialsFromTheDossierPage_MIN4() {
        Http http = new Http(port);
        Patients patients = new Patients(http, notifications);
        LocalDate birth = dossiers.today().minusYears(18).plusDays(10);
        DemoSupport.Insured teen = Insured.register(support, birth, null);
        String repEmail = "parent-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> r = http.post("/api/pro/dossiers", http.softwareToken(Demo.gp()), Map.of("insSystem", Ins.INS_NIR_SYSTEM,
                "ins", teen.nir(), "familyName", "Guichet", "givenNames", "Ambre", "birthDate", birth.toString(), "sex", "F",
                "carteVitaleSerial", teen.carteVitaleSerial(), "consentMethod", "WRITTEN", "email", repEmail,
                "legalRepresentatives", List.of(Map.of("familyName", "Guichet", "givenNames", "Parent", "email", repEmail))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        UUID dossierId = UUID.fromString(Http.json(r).get("dossierId").asText());
        clock.moveBy(Duration.ofDays(11));
        assertThat(dossiers.runMajority()).isGreaterThanOrEqualTo(1);

        String pharmacist = Demo.person("Blanc").idnps();
        String email = "lou-" + UUID.randomUUID() + "@example.org";
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, pharmacist);
            ProPortal.openByIns(b, teen.nir());
            // not authorised yet: the access page offers the handover beside the Carte Vitale
            b.await("#remise-identifiants");
            assertThat(b.textOf("#remise-identifiants")).contains("n’a pas encore ses identifiants");
            b.assertAccessible().screenshot("pro-80-acces-identifiants");
            b.click("#remise-identifiants a");
            ProPortal.waitPath(b, "/pro/patients/" + dossierId + "/identifiants");
            b.await("form#identifiants");
            // French elision before a vowel (UX.md): "d’Ambre", not "de Ambre"
            assertThat(b.textOf("main p a")).isEqualTo("Retour au dossier d’Ambre Guichet");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("pro-81-identifiants");

            // nothing given: each field says what is missing, next to itself
            b.click("form#identifiants button[type=submit]");
            b.await("#erreur-carte");
            assertThat(b.textOf("#erreur-carte")).contains("numéro de série de la carte Vitale");
            assertThat(b.textOf("#erreur-email")).contains("adresse électronique du patient");
            assertThat(b.find("#carteVitale").getAttribute("aria-describedby")).isEqualTo("erreur-carte");
            assertThat(b.find("#email").getAttribute("aria-describedby")).isEqualTo("erreur-email");
            b.assertAccessible().screenshot("pro-82-identifiants-erreurs");

            // a wrong card: said next to the card, nothing sent
            b.type("#carteVitale", "999999999999999").type("#email", email);
            b.click("form#identifiants button[type=submit]");
            b.awaitText("#erreur-carte", "Cette carte Vitale n'est pas celle de ce patient. Vérifiez le numéro de série.");
            assertThat(b.find("#email").getAttribute("value")).isEqualTo(email);
            // the right card with an address that is not one: said next to the address, the card not even checked
            b.type("#carteVitale", teen.carteVitaleSerial()).type("#email", "nulle-part");
            b.click("form#identifiants button[type=submit]");
            b.awaitText("#erreur-email", "Indiquez une adresse électronique valide.");
            assertThat(b.all("#erreur-carte")).isEmpty();
            assertThat(notifications.latestTo(email, 10)).isEmpty();

            // the card and the adult's own address: the credentials go there, the page says where (masked) and nothing more
            b.type("#email", email);
            b.click("form#identifiants button[type=submit]");
            ProPortal.waitPath(b, "/pro/patients/" + dossierId);
            b.await("#identifiants-envoyes");
            assertThat(b.path()).isEqualTo("/pro/patients/" + dossierId);
            assertThat(b.textOf("#identifiants-envoyes")).startsWith("Les identifiants du patient lui ont été envoyés (")
                    .doesNotContain(email);
            String[] own = patients.credentialsSentTo(email);
            assertThat(b.text()).doesNotContain(own[0]).doesNotContain(own[1]);
            b.assertAccessible().screenshot("pro-83-identifiants-envoyes");
        }
        List<AuditRecord> trail = AuditEntries.of(jdbc, dossierId, 50);
        assertThat(trail).anySatisfy(a -> {
            assertThat(a.target()).isEqualTo("MIN-4: identifiants remis au patient présent");
            assertThat(a.actorId()).isEqualTo(pharmacist);
            assertThat(a.outcome()).isEqualTo("PERMIT");
        });
        // they work, and once the adult chose a password the page offers nothing more to hand over
        String token = patients.token(own(patients, email)[0], own(patients, email)[1], email);
        HttpResponse<String> changed = http.post("/api/me/password", token, Map.of("current", own(patients, email)[1],
                "next", "Ma-majorite-2026"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        try (Browser b = Browser.phone(port)) {
            ProPortal.signIn(b, pharmacist);
            b.get("/pro/patients/" + dossierId);
            b.await("h1");
            assertThat(b.all("a[href$='/identifiants']")).isEmpty();
            b.get("/pro/patients/" + dossierId + "/identifiants");
            b.await("#identifiants-impossible");
            assertThat(b.all("form#identifiants")).isEmpty();
        }
    }

    private static String[] own(Patients patients, String email) {
        return patients.credentialsSentTo(email);
    }
}
