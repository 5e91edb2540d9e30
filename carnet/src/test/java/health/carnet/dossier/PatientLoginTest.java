package health.carnet.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.audit.AuditTrail;
import health.carnet.demo.DemoPatients;
import health.carnet.notification.Notifications;
import health.carnet.platform.MovableClock;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import health.carnet.support.AuditEntries;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.MailServer;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** AUT-1: identifier + password + a one-time code, new at each login, single use, 10 minutes; lock-out. */
@IntegrationTest
class PatientLoginTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    MovableClock clock;
    @Autowired
    Dossiers dossiers;
    @Autowired
    AuditTrail audit;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
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

    String challenge(String login, String password) {
        HttpResponse<String> r = http.post("/api/login", null, Map.of("login", login, "password", password));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Http.json(r).get("challengeId").asText();
    }

    @Test
    void logsInWithPasswordAndTheCodeSentByEmailOverSmtp() {
        String email = Patients.emailOf("alice.perrin");
        String id = challenge("alice.perrin", DemoPatients.PASSWORD);
        String code = MailServer.awaitCode(email, "connexion : (\\d{6})", Duration.ofSeconds(10));
        HttpResponse<String> r = http.post("/api/login/otp", null, Map.of("challengeId", id, "code", code));
        assertThat(r.statusCode()).isEqualTo(200);
        String token = Http.json(r).get("accessToken").asText();
        HttpResponse<String> me = http.get("/api/me", token);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(Http.json(me).at("/dossiers/0/relation").asText()).isEqualTo("OWNER");
        // NOT-1: the login is notified, and audited (AUD-1)
        MailServer.awaitCount(email, "Connexion", 1, Duration.ofSeconds(10));
        var dossier = dossiers.findByIns(Ins.nir(Nir.of(DemoPatients.byLogin("alice.perrin").nir()))).orElseThrow();
        assertThat(AuditEntries.of(jdbc, dossier.id(), 10)).anyMatch(a -> a.action().equals("LOGIN") && a.outcome().equals("SUCCESS"));
    }

    @Test
    void aCodeIsSingleUseAndANewLoginVoidsTheOldCode() {
        String email = Patients.emailOf("yves.gauthier");
        String first = challenge("yves.gauthier", DemoPatients.PASSWORD);
        String firstCode = patients.lastCode(email, "LOGIN_CODE");
        String second = challenge("yves.gauthier", DemoPatients.PASSWORD);
        String secondCode = patients.lastCode(email, "LOGIN_CODE");
        assertThat(http.post("/api/login/otp", null, Map.of("challengeId", first, "code", firstCode)).statusCode()).isEqualTo(410);
        assertThat(http.post("/api/login/otp", null, Map.of("challengeId", second, "code", secondCode)).statusCode()).isEqualTo(200);
        HttpResponse<String> reused = http.post("/api/login/otp", null, Map.of("challengeId", second, "code", secondCode));
        assertThat(reused.statusCode()).isEqualTo(410);
        assertThat(Http.json(reused).get("detail").asText()).contains("déjà été utilisé");
    }

    @Test
    void aCodeExpiresAfterTenMinutes() {
        String email = Patients.emailOf("nicolas.boyer");
        String id = challenge("nicolas.boyer", DemoPatients.PASSWORD);
        String code = patients.lastCode(email, "LOGIN_CODE");
        clock.moveBy(Duration.ofMinutes(10).plusSeconds(1));
        HttpResponse<String> r = http.post("/api/login/otp", null, Map.of("challengeId", id, "code", code));
        assertThat(r.statusCode()).isEqualTo(410);
        assertThat(Http.json(r).get("detail").asText()).contains("a expiré");
    }

    @Test
    void aWrongCodeIsRefused() {
        String id = challenge("thomas.blanc", DemoPatients.PASSWORD);
        HttpResponse<String> r = http.post("/api/login/otp", null, Map.of("challengeId", id, "code", "999999x"));
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void fiveWrongPasswordsLockTheAccountWithAClearMessageThenItComesBack() {
        for (int i = 1; i < 5; i++) {
            HttpResponse<String> r = http.post("/api/login", null, Map.of("login", "sarah.mercier", "password", "wrong"));
            assertThat(r.statusCode()).isEqualTo(401);
            // SEC-5: no countdown that only a known login would get
            assertThat(Http.json(r).get("detail").asText()).isEqualTo("Identifiant ou mot de passe incorrect.");
        }
        HttpResponse<String> locked = http.post("/api/login", null, Map.of("login", "sarah.mercier", "password", "wrong"));
        assertThat(locked.statusCode()).isEqualTo(423);
        assertThat(Http.json(locked).get("detail").asText()).contains("bloqué jusqu’au").contains("(heure de Paris)");
        // even the right password is refused while locked
        assertThat(http.post("/api/login", null, Map.of("login", "sarah.mercier", "password", DemoPatients.PASSWORD))
                .statusCode()).isEqualTo(423);
        clock.moveBy(Duration.ofMinutes(16));
        assertThat(http.post("/api/login", null, Map.of("login", "sarah.mercier", "password", DemoPatients.PASSWORD))
                .statusCode()).isEqualTo(202);
    }

    @Test
    void anUnknownLoginGetsTheSameAnswerAsAWrongPassword() {
        HttpResponse<String> r = http.post("/api/login", null, Map.of("login", "nobody.here", "password", "x"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(Http.json(r).get("detail").asText()).isEqualTo("Identifiant ou mot de passe incorrect.");
    }

    @Test
    void thePatientTokenWorksOnFhirForTheirOwnDossierOnly() {
        String token = patients.token("julie.faure");
        var own = dossiers.findByIns(Ins.nir(Nir.of(DemoPatients.byLogin("julie.faure").nir()))).orElseThrow();
        var other = dossiers.findByIns(Ins.nir(Nir.of(DemoPatients.byLogin("hugo.lefebvre").nir()))).orElseThrow();
        assertThat(http.get("/fhir/Patient/" + own.id(), token).statusCode()).isEqualTo(200);
        // another patient's dossier is not found, as PDQm would not list it (issue #9 row 8)
        assertThat(http.get("/fhir/Patient/" + other.id(), token).statusCode()).isEqualTo(404);
    }
}
