package health.carnet.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Forgotten password (AUT-1 recovery) and a new login code on request, through the JSON API, codes
 * read as delivered: no enumeration, guesses and requests limited (SEC-5), the old tokens revoked,
 * the change told to the account holder.
 */
@IntegrationTest
class PasswordResetTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    Http http;
    Patients patients;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        patients = new Patients(http, notifications);
    }

    HttpResponse<String> start(String login) {
        return http.post("/api/password-reset", null, Map.of("login", login));
    }

    HttpResponse<String> confirm(String requestId, String code, String password) {
        return http.post("/api/password-reset/confirm", null, Map.of("requestId", requestId, "code", code, "newPassword", password));
    }

    @Test
    void aResetByTheCodeSentToTheAccountRevokesOldTokensAndTellsTheHolder_AUT1() {
        Fresh f = Fresh.patient(http, patients, support);
        String oldToken = patients.token(f.login(), f.initialPassword(), f.email());
        HttpResponse<String> started = start(f.login());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String requestId = Http.json(started).get("requestId").asText();
        String code = patients.lastCode(f.email(), "PASSWORD_RESET_CODE");

        // the new password follows the account's rule; a refusal spends nothing
        assertThat(confirm(requestId, code, "court").statusCode()).isEqualTo(400);
        HttpResponse<String> done = confirm(requestId, code, "Un-nouveau-mot-de-passe");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
        assertThat(confirm(requestId, code, "Un-autre-mot-de-passe").statusCode()).as("single use").isEqualTo(410);

        assertThat(http.get("/api/me", oldToken).statusCode()).as("a token from before the reset").isEqualTo(401);
        assertThat(http.post("/api/login", null, Map.of("login", f.login(), "password", f.initialPassword())).statusCode())
                .isEqualTo(401);
        String newToken = patients.token(f.login(), "Un-nouveau-mot-de-passe", f.email());
        assertThat(http.get("/api/me", newToken).statusCode()).isEqualTo(200);
        assertThat(patients.lastDelivered(f.email(), "PASSWORD_CHANGED")).contains("a été changé").contains("(heure de Paris)");
    }

    @Test
    void anUnknownLoginGetsTheSameAnswersAndLocksTheSameWay_SEC5() {
        Fresh f = Fresh.patient(http, patients, support);
        String unknown = "inconnu-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> known = start(f.login());
        HttpResponse<String> missing = start(unknown);
        assertThat(missing.statusCode()).isEqualTo(known.statusCode()).isEqualTo(202);
        assertThat(Http.json(missing).get("message").asText()).isEqualTo(Http.json(known).get("message").asText());
        assertThat(notifications.latestTo(unknown, 5)).isEmpty();

        String knownId = Http.json(known).get("requestId").asText();
        String missingId = Http.json(missing).get("requestId").asText();
        String right = patients.lastCode(f.email(), "PASSWORD_RESET_CODE");
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 1; i <= 4; i++) {
            HttpResponse<String> a = confirm(knownId, wrong, "Un-nouveau-mot-de-passe");
            HttpResponse<String> b = confirm(missingId, wrong, "Un-nouveau-mot-de-passe");
            assertThat(a.statusCode()).isEqualTo(b.statusCode()).isEqualTo(401);
            assertThat(Http.json(a).get("detail").asText()).isEqualTo(Http.json(b).get("detail").asText());
        }
        HttpResponse<String> lockedKnown = confirm(knownId, wrong, "Un-nouveau-mot-de-passe");
        HttpResponse<String> lockedMissing = confirm(missingId, wrong, "Un-nouveau-mot-de-passe");
        assertThat(lockedKnown.statusCode()).isEqualTo(lockedMissing.statusCode()).isEqualTo(423);
        // locked: even the right code is refused now, and the holder was told
        assertThat(confirm(knownId, right, "Un-nouveau-mot-de-passe").statusCode()).isEqualTo(423);
        assertThat(patients.lastDelivered(f.email(), "ACCOUNT_LOCKED")).contains("bloquée jusqu'au");
    }

    @Test
    void codesSentOnRequestAreLimitedPerLogin_SEC5() {
        Fresh f = Fresh.patient(http, patients, support);
        String unknown = "inconnu-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 1; i <= 5; i++) {
            assertThat(start(f.login()).statusCode()).isEqualTo(202);
            assertThat(start(unknown).statusCode()).isEqualTo(202);
        }
        assertThat(start(f.login()).statusCode()).isEqualTo(start(unknown).statusCode()).isEqualTo(429);
        // the limit is shared with new login codes: the mailbox is not flooded through the other door
        HttpResponse<String> login = http.post("/api/login", null, Map.of("login", f.login(), "password", f.initialPassword()));
        assertThat(login.statusCode()).isEqualTo(202);
        HttpResponse<String> resend = http.post("/api/login/resend", null,
                Map.of("challengeId", Http.json(login).get("challengeId").asText()));
        assertThat(resend.statusCode()).isEqualTo(429);
    }

    @Test
    void aNewLoginCodeReplacesTheEarlierOne_AUT1() {
        Fresh f = Fresh.patient(http, patients, support);
        HttpResponse<String> login = http.post("/api/login", null, Map.of("login", f.login(), "password", f.initialPassword()));
        String first = patients.lastCode(f.email(), "LOGIN_CODE");
        HttpResponse<String> resend = http.post("/api/login/resend", null,
                Map.of("challengeId", Http.json(login).get("challengeId").asText()));
        assertThat(resend.statusCode()).as(resend.body()).isEqualTo(202);
        String newChallenge = Http.json(resend).get("challengeId").asText();
        assertThat(newChallenge).isNotEqualTo(Http.json(login).get("challengeId").asText());
        String second = patients.lastCode(f.email(), "LOGIN_CODE");
        assertThat(notifications.latestTo(f.email(), 10).stream().filter(m -> m.kind().equals("LOGIN_CODE")).count()).isEqualTo(2);
        assertThat(http.post("/api/login/otp", null, Map.of("challengeId", Http.json(login).get("challengeId").asText(),
                "code", first)).statusCode()).as("the earlier challenge is spent").isEqualTo(410);
        assertThat(http.post("/api/login/otp", null, Map.of("challengeId", newChallenge, "code", second)).statusCode()).isEqualTo(200);
    }

    @Test
    void aResetLiftsAPasswordLockOut_AUT1() {
        Fresh f = Fresh.patient(http, patients, support);
        for (int i = 0; i < 5; i++) {
            http.post("/api/login", null, Map.of("login", f.login(), "password", "pas-le-bon-" + i));
        }
        assertThat(http.post("/api/login", null, Map.of("login", f.login(), "password", f.initialPassword())).statusCode())
                .isEqualTo(423);
        String requestId = Http.json(start(f.login())).get("requestId").asText();
        assertThat(confirm(requestId, patients.lastCode(f.email(), "PASSWORD_RESET_CODE"), "Un-nouveau-mot-de-passe").statusCode())
                .isEqualTo(204);
        assertThat(http.post("/api/login", null, Map.of("login", f.login(), "password", "Un-nouveau-mot-de-passe")).statusCode())
                .isEqualTo(202);
    }
}
