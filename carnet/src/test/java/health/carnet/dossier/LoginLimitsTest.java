package health.carnet.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.platform.MovableClock;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.MailServer;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * SEC-5 and AUT-1 against guessing (issue #9 rows 3 and 4): logins cannot be enumerated, one-time
 * codes count per account across challenges, a lock is audited and told to the patient with its
 * end in Paris time.
 */
@IntegrationTest
class LoginLimitsTest {

    /** "jusqu’au 1 décembre 2026 à 23 h 45 (heure de Paris)": the API answers in French by default */
    static final String PARIS_TIME = "(?s).*jusqu’au \\d{1,2} \\p{L}+ \\d{4} à \\d{1,2} h \\d{2} \\(heure de Paris\\).*";

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    MovableClock clock;
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

    HttpResponse<String> login(String login, String password) {
        return http.post("/api/login", null, Map.of("login", login, "password", password));
    }

    @Test
    void aWrongPasswordAndAnUnknownLoginGetTheSameAnswerUntilBothLock_SEC5() {
        Fresh known = Fresh.patient(http, patients, support);
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 1; i <= 4; i++) {
            HttpResponse<String> wrong = login(known.login(), "wrong-password");
            HttpResponse<String> none = login(unknown, "wrong-password");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(none.statusCode()).isEqualTo(401);
            // byte for byte the same: no "tries left" that only a known login would get
            assertThat(wrong.body()).isEqualTo(none.body()).doesNotContain("tries left");
        }
        HttpResponse<String> wrong = login(known.login(), "wrong-password");
        HttpResponse<String> none = login(unknown, "wrong-password");
        assertThat(wrong.statusCode()).isEqualTo(423);
        assertThat(none.statusCode()).isEqualTo(423);
        assertThat(Http.json(wrong).get("detail").asText()).matches(PARIS_TIME);
        assertThat(Http.json(none).get("detail").asText()).matches(PARIS_TIME);
        // the holder of the real account is told; the lock is audited with rule SEC-5
        MailServer.awaitCount(known.email(), "bloquée", 1, Duration.ofSeconds(15));
        assertThat(jdbc.sql("select count(*) from audit_event where dossier_id = ? and action = 'LOGIN' and rule = 'SEC-5'")
                .param(UUID.fromString(known.dossierId())).query(Long.class).single()).isPositive();
        // the right password waits for the end of the lock
        assertThat(login(known.login(), known.initialPassword()).statusCode()).isEqualTo(423);
        clock.moveBy(Duration.ofMinutes(16));
        assertThat(login(known.login(), known.initialPassword()).statusCode()).isEqualTo(202);
    }

    @Test
    void wrongCodesCountPerAccountAcrossChallengesThenLockAndTellThePatient_SEC5_AUT1() {
        Fresh p = Fresh.patient(http, patients, support);
        HttpResponse<String> first = login(p.login(), p.initialPassword());
        assertThat(first.statusCode()).isEqualTo(202);
        String challenge = Http.json(first).get("challengeId").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/api/login/otp", null, Map.of("challengeId", challenge, "code", "000000")).statusCode())
                    .isEqualTo(401);
        }
        // a new password login gives a new code, not new guesses
        HttpResponse<String> second = login(p.login(), p.initialPassword());
        assertThat(second.statusCode()).isEqualTo(202);
        String challenge2 = Http.json(second).get("challengeId").asText();
        String rightCode = patients.lastCode(p.email(), "LOGIN_CODE");
        String wrongCode = rightCode.equals("000000") ? "111111" : "000000";
        assertThat(http.post("/api/login/otp", null, Map.of("challengeId", challenge2, "code", wrongCode)).statusCode())
                .isEqualTo(401);
        HttpResponse<String> locked = http.post("/api/login/otp", null, Map.of("challengeId", challenge2, "code", wrongCode));
        assertThat(locked.statusCode()).isEqualTo(423);
        assertThat(Http.json(locked).get("detail").asText()).matches(PARIS_TIME);
        // locked: the right code and the right password are refused too
        assertThat(http.post("/api/login/otp", null, Map.of("challengeId", challenge2, "code", rightCode)).statusCode())
                .isEqualTo(423);
        assertThat(login(p.login(), p.initialPassword()).statusCode()).isEqualTo(423);
        // the notice reached the patient (delivered by SMTP), with the end of the lock in Paris time
        MailServer.awaitCount(p.email(), "bloquée", 1, Duration.ofSeconds(15));
        assertThat(patients.lastDelivered(p.email(), "ACCOUNT_LOCKED")).contains("(heure de Paris)");
        assertThat(jdbc.sql("select count(*) from audit_event where dossier_id = ? and rule = 'SEC-5' and reason like '%one-time codes%'")
                .param(UUID.fromString(p.dossierId())).query(Long.class).single()).isPositive();
        clock.moveBy(Duration.ofMinutes(16));
        assertThat(login(p.login(), p.initialPassword()).statusCode()).isEqualTo(202);
    }

    /**
     * SEC-5: the current password asked to change it (POST /api/me/password, the portal's pages) could be
     * tried without end by whoever held the session or the token; wrong ones now count with the login's
     * (five lock the account, 423, even the right one refused there and at login).
     */
    @Test
    void wrongCurrentPasswordsWhenChangingItCountAndLock_SEC5_AUT1() {
        Fresh p = Fresh.patient(http, patients, support);
        String token = patients.token(p.login(), p.initialPassword(), p.email());
        for (int i = 0; i < 4; i++) {
            assertThat(http.post("/api/me/password", token, Map.of("current", "wrong-" + i, "next", "a-new-password-" + i))
                    .statusCode()).isEqualTo(401);
        }
        HttpResponse<String> fifth = http.post("/api/me/password", token, Map.of("current", "wrong-5", "next", "a-new-password-5"));
        assertThat(fifth.statusCode()).as(fifth.body()).isEqualTo(423);
        assertThat(Http.json(fifth).get("detail").asText()).matches(PARIS_TIME);
        assertThat(http.post("/api/me/password", token, Map.of("current", p.initialPassword(), "next", "a-new-password-6"))
                .statusCode()).isEqualTo(423);
        assertThat(login(p.login(), p.initialPassword()).statusCode()).isEqualTo(423);
    }
}
