package health.carnet.security;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.platform.MovableClock;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * SEC-5 at the embedded issuer: the professionals' sign-in (IDNPS and card code) and the practice
 * software's client secret could be tried without end (8 wrong codes, then the right one, signed
 * in). Five wrong ones lock for 15 minutes, known IDNPS or not; while locked the right one is refused.
 */
@IntegrationTest
class IssuerLimitsTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    MovableClock clock;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** Signs in at the issuer's page (a browser's form post with its session and CSRF token); the redirect's target. */
    String signIn(String idnps, String code) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(http.base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(http.base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(Map.of("username", idnps, "password", code, "_csrf", m.group(1)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void fiveWrongCardCodesLockTheSignInOfThatIdnpsKnownOrNot_SEC5() throws Exception {
        String known = Demo.person("Morin").idnps();
        String unknown = "810000099997";
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(known, "wrong-" + i)).endsWith("/login?error");
            assertThat(signIn(unknown, "wrong-" + i)).endsWith("/login?error");
        }
        // the right code now: refused, and the unknown IDNPS is answered alike
        assertThat(signIn(known, "demo")).endsWith("/login?bloque");
        assertThat(signIn(unknown, "demo")).endsWith("/login?bloque");
        HttpResponse<String> page = http.get("/login?bloque", null);
        assertThat(page.body()).contains("bloquée temporairement");
        clock.moveBy(Duration.ofMinutes(16));
        assertThat(signIn(known, "demo")).doesNotContain("/login?");
    }

    @Test
    void fiveWrongClientSecretsLockThatClient_SEC5() {
        String client = "lps-" + Demo.person("Henry").idnps();
        for (int i = 0; i < 5; i++) {
            assertThat(http.tokenResponse(client, "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = http.tokenResponse(client, "demo-secret");
        assertThat(locked.statusCode()).as(locked.body()).isEqualTo(429);
        assertThat(Http.json(locked).get("error").asText()).isEqualTo("invalid_client");
        assertThat(Http.json(locked).get("error_description").asText()).contains("bloqué jusqu’au").contains("(heure de Paris)");
        // another client is not touched
        assertThat(http.tokenResponse("lps-" + Demo.person("Robin").idnps(), "demo-secret").statusCode()).isEqualTo(200);
        clock.moveBy(Duration.ofMinutes(16));
        assertThat(http.tokenResponse(client, "demo-secret").statusCode()).isEqualTo(200);
    }
}
