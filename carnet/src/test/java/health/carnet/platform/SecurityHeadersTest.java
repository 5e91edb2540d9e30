package health.carnet.platform;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Issue #9 row 9: hardened headers on every response, whoever answers; the session cookie SameSite and HttpOnly. */
@IntegrationTest
class SecurityHeadersTest {

    @LocalServerPort
    int port;

    @Test
    void everyKindOfResponseCarriesTheHeadersAndNoneSaysWhatPowersIt_row9() {
        Http http = new Http(port);
        String token = http.softwareToken(Demo.gp());
        var responses = java.util.List.of(
                http.get("/fhir/metadata", null),                       // HAPI
                http.get("/fhir/Practitioner?name=martin", token),      // HAPI with a token
                http.get("/fhir/Practitioner?name=martin", null),       // refused by the security chain
                http.get("/fhir/Binary/" + java.util.UUID.randomUUID(), token), // the raw retrieve before HAPI
                http.get("/api/me", null),                              // JSON API, refused
                http.get("/portail", null),                             // patients' portal
                http.get("/login", null),                               // the issuer's login page
                http.get("/outbox", null),                              // the demo's mailbox
                http.get("/no-such-page", null),                        // an error
                http.get("/fhir/Patient/%00", token),                   // refused by Tomcat before any filter
                http.get("/api/dossiers/..%2F..%2Fetc", null),          // an encoded slash, refused by Tomcat too
                http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/metadata"))
                        .header("X-Padding", "a".repeat(20_000)).build())); // headers too large for Tomcat
        for (HttpResponse<String> r : responses) {
            String what = r.request().uri() + " → " + r.statusCode();
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'self'").contains("script-src 'self'").doesNotContain("unsafe-eval")
                            .contains("frame-ancestors 'none'").doesNotContainPattern("script-src[^;]*unsafe-inline"));
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
            assertThat(r.headers().firstValue("X-Powered-By")).as(what).isEmpty();
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSite() throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie on the login page: " + r.headers().map()));
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    }
}
