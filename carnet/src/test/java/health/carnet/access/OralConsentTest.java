package health.carnet.access;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.access.internal.DemoCardApp;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.platform.MovableClock;
import health.carnet.support.Demo;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.MailServer;
import health.carnet.support.Patients;
import health.carnet.support.Tokens;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * ACC-2 on {@code POST /api/pro/dossiers/{id}/consultation} without a typed serial: the patient's
 * oral consent when the Carte Vitale is not at hand (mode ORAL: care professionals only, audited
 * with its mode, the patient told at once by email as delivered over SMTP, a daily limit per
 * professional), and the card's presence proven by a signed assertion (the demo's Carte Vitale
 * app) through the {@link CarteVitaleProof} port, issue #9 row 1.
 */
@IntegrationTest
class OralConsentTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MovableClock clock;
    @Autowired
    DemoCardApp cardApp;
    @Autowired
    Consents consents;
    Http http;
    Patients patients;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        patients = new Patients(http, notifications);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    HttpResponse<String> oral(String token, String dossierId, boolean present, boolean consent) {
        return http.post("/api/pro/dossiers/" + dossierId + "/consultation", token,
                Map.of("mode", "ORAL", "patientPresent", present, "consentDeclared", consent));
    }

    private long audited(String dossierId, String actor, String outcome) {
        return jdbc.sql("select count(*) from audit_event where dossier_id = ? and actor_id = ? and outcome = ? and rule = 'ACC-2'"
                        + " and target = 'consultation (oral consent)'")
                .params(UUID.fromString(dossierId), actor, outcome).query(Long.class).single();
    }

    @Test
    void aCareProfessionalIsAuthorisedOnThePatientsOralConsentAuditedWithItsModeAndThePatientToldAtOnce_ACC2() {
        Fresh p = Fresh.patient(http, patients, support);
        String doctor = Demo.person("André").idnps();
        String token = http.softwareToken(doctor);
        assertThat(http.get("/fhir/DocumentReference?patient=Patient/" + p.dossierId(), token).statusCode()).isEqualTo(403);
        // the attestation is required: without it, a clear 400 and nothing recorded
        HttpResponse<String> missing = oral(token, p.dossierId(), false, true);
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);
        assertThat(Http.json(missing).get("detail").asText()).contains("patientPresent");
        HttpResponse<String> r = oral(token, p.dossierId(), true, true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(Http.json(r).get("method").asText()).isEqualTo("ORAL");
        assertThat(Http.json(r).get("subject").asText()).isEqualTo(doctor);
        assertThat(http.get("/fhir/DocumentReference?patient=Patient/" + p.dossierId(), token).statusCode()).isEqualTo(200);
        assertThat(audited(p.dossierId(), doctor, "PERMIT")).isEqualTo(1);
        assertThat(jdbc.sql("select reason from audit_event where dossier_id = ? and actor_id = ? and target = 'consultation (oral consent)'"
                + " and outcome = 'PERMIT'").params(UUID.fromString(p.dossierId()), doctor).query(String.class).single())
                .contains("ORAL");
        // told at once, whatever the notice settings: delivered over SMTP, naming who declared it
        MailServer.awaitCount(p.email(), "Consentement oral", 1, Duration.ofSeconds(15));
        assertThat(patients.lastDelivered(p.email(), "ORAL_CONSENT")).contains("Lina André").contains("oralement")
                .contains("retirez cette autorisation");
    }

    @Test
    void neitherARegulatorNorANonCareRoleMayDeclareAnOralConsent_ACC1() {
        Fresh p = Fresh.patient(http, patients, support);
        String regulator = Demo.person("Fournier").idnps();
        HttpResponse<String> r = oral(http.softwareToken(regulator), p.dossierId(), true, true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(Http.json(r).get("detail").asText()).contains("ACC-1");
        String admin = Demo.person("Denis").idnps();
        assertThat(oral(Tokens.forRole(admin, "ADMIN", "TREAT"), p.dossierId(), true, true).statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from access_consent where dossier_id = ? and method = 'ORAL'")
                .param(UUID.fromString(p.dossierId())).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where dossier_id = ? and actor_id in (?, ?) and outcome = 'DENY'"
                + " and rule = 'ACC-1'").params(UUID.fromString(p.dossierId()), regulator, admin).query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void oralConsentsAreLimitedPerProfessionalAndDayThenRefusedInFrench_ACC2() {
        Fresh p = Fresh.patient(http, patients, support);
        String doctor = Demo.person("Mercier").idnps();
        int max = consents.oralDailyMax();
        if (declaredToday(doctor) >= max) {
            clock.moveBy(Duration.ofHours(25));
        }
        String token = http.softwareToken(doctor);
        long left = max - declaredToday(doctor);
        for (int i = 0; i < left; i++) {
            HttpResponse<String> r = oral(token, p.dossierId(), true, true);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        HttpResponse<String> refused = oral(token, p.dossierId(), true, true);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(Http.json(refused).get("detail").asText()).contains("consentements oraux").contains("24 heures")
                .contains("Carte Vitale");
        assertThat(jdbc.sql("select count(*) from audit_event where dossier_id = ? and actor_id = ? and outcome = 'DENY'"
                + " and reason like 'daily limit of oral consents%'").params(UUID.fromString(p.dossierId()), doctor)
                .query(Long.class).single()).isEqualTo(1);
        // the Carte Vitale path stays open to the same professional
        assertThat(http.post("/api/pro/dossiers/" + p.dossierId() + "/consultation", token,
                Map.of("carteVitale", p.carteVitale(), "consentDeclared", true)).statusCode()).isEqualTo(201);
        // a day later the count has expired
        clock.moveBy(Duration.ofHours(25));
        assertThat(oral(http.softwareToken(doctor), p.dossierId(), true, true).statusCode()).isEqualTo(201);
    }

    private long declaredToday(String idnps) {
        // issue #15: counted by professional (access_oral_declaration), as the limit is
        return jdbc.sql("select count(*) from access_oral_declaration where idnps = ? and declared_at > ?")
                .params(idnps, Timestamp.from(clock.instant().minus(Duration.ofHours(24)))).query(Long.class).single();
    }

    @Test
    void theCardsPresenceProvenByASignedAssertionOnceAndForThisDossierOnly_ACC2_SEC5() {
        Fresh p = Fresh.patient(http, patients, support);
        Fresh other = Fresh.patient(http, patients, support);
        String assertion = cardApp.assertionFor(UUID.fromString(p.dossierId()));
        String doctor = http.softwareToken(Demo.person("Morel").idnps());
        HttpResponse<String> ok = http.post("/api/pro/dossiers/" + p.dossierId() + "/consultation", doctor,
                Map.of("mode", "CARTE_VITALE", "assertion", assertion, "consentDeclared", true));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(Http.json(ok).get("method").asText()).isEqualTo("CARTE_VITALE");
        // replayed by another professional: one presence is not a standing pass; a mismatch, counted (SEC-5)
        String nurse = http.softwareToken(Demo.person("Perrin").idnps());
        assertThat(http.post("/api/pro/dossiers/" + p.dossierId() + "/consultation", nurse,
                Map.of("assertion", assertion, "consentDeclared", true)).statusCode()).isEqualTo(403);
        // an assertion for another patient's dossier proves nothing here, not even with that patient's right serial
        assertThat(http.post("/api/pro/dossiers/" + other.dossierId() + "/consultation", nurse,
                Map.of("assertion", cardApp.assertionFor(UUID.fromString(p.dossierId())), "carteVitale", other.carteVitale(),
                        "consentDeclared", true)).statusCode()).isEqualTo(403);
        // a forged one neither; an expired one neither
        String forged = assertion.substring(0, assertion.length() - 4) + "AAAA";
        assertThat(http.post("/api/pro/dossiers/" + other.dossierId() + "/consultation", doctor,
                Map.of("assertion", forged, "consentDeclared", true)).statusCode()).isEqualTo(403);
        // an unknown mode is a clear 400
        HttpResponse<String> bad = http.post("/api/pro/dossiers/" + p.dossierId() + "/consultation", doctor,
                Map.of("mode", "TELEPATHIE", "consentDeclared", true));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Http.json(bad).get("detail").asText()).contains("ORAL");
    }

    @Test
    void anExpiredAssertionProvesNothing_ACC2() {
        Fresh p = Fresh.patient(http, patients, support);
        String assertion = cardApp.assertionFor(UUID.fromString(p.dossierId()));
        clock.moveBy(Duration.ofMinutes(6));
        HttpResponse<String> r = http.post("/api/pro/dossiers/" + p.dossierId() + "/consultation",
                http.softwareToken(Demo.person("Garnier").idnps()), Map.of("assertion", assertion, "consentDeclared", true));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    }
}
