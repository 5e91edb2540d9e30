package health.carnet.platform;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Non-negotiable 5 on the APIs: a refusal's words are French unless the client prefers English
 * ({@code Accept-Language}), on /api (RFC 9457 title and detail) and on /fhir (OperationOutcome
 * diagnostics), including the answers written before Spring MVC or HAPI see the request.
 */
@IntegrationTest
class ErrorLanguageApiTest {

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    HttpResponse<String> send(String method, String path, String language, String bearer, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + path)).header("Accept", "application/json");
        if (language != null) {
            b.header("Accept-Language", language);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void theJsonApiAnswersInFrenchByDefaultAndInEnglishWhenAsked() {
        String wrong = "{\"login\":\"personne.inconnue\",\"password\":\"pas-le-bon\"}";
        JsonNode fr = Http.json(send("POST", "/api/login", null, null, wrong));
        assertThat(fr.get("status").asInt()).isEqualTo(401);
        assertThat(fr.get("title").asText()).isEqualTo("Authentification requise");
        assertThat(fr.get("detail").asText()).contains("mot de passe").doesNotContain("Wrong");

        JsonNode stillFrench = Http.json(send("POST", "/api/login", "fr-FR,fr;q=0.9,en;q=0.8", null, wrong));
        assertThat(stillFrench.get("detail").asText()).isEqualTo(fr.get("detail").asText());

        JsonNode en = Http.json(send("POST", "/api/login", "en-GB,en;q=0.9", null, wrong));
        assertThat(en.get("title").asText()).isEqualTo("Unauthorized");
        assertThat(en.get("detail").asText()).isEqualTo("Wrong login or password.");
    }

    @Test
    void aValueTheCodeComputedStaysInTheFrenchSentence() {
        String token = http.softwareToken(Demo.gp());
        JsonNode fr = Http.json(send("GET", "/api/dossiers/pas-un-uuid", null, token, null));
        assertThat(fr.get("status").asInt()).isEqualTo(400);
        assertThat(fr.get("title").asText()).isEqualTo("Requête incorrecte");
        assertThat(fr.get("detail").asText()).contains("UUID").doesNotContain("is not valid here");
    }

    @Test
    void answersWrittenBeforeTheApplicationAreFrenchToo() {
        // the control-character filter answers before Spring Security and MVC
        JsonNode fr = Http.json(send("GET", "/api/me?x=%01", null, null, null));
        assertThat(fr.get("status").asInt()).isEqualTo(400);
        assertThat(fr.get("detail").asText()).contains("caractère de contrôle");
        JsonNode en = Http.json(send("GET", "/api/me?x=%01", "en", null, null));
        assertThat(en.get("detail").asText()).contains("control character");
        // the bearer-token refusal of the API's security chain
        JsonNode unauthenticated = Http.json(send("GET", "/api/me", null, null, null));
        assertThat(unauthenticated.get("status").asInt()).isEqualTo(401);
        assertThat(unauthenticated.get("detail").asText()).startsWith("Envoyez");
    }

    @Test
    void fhirOperationOutcomesAreFrenchByDefaultAndEnglishWhenAsked() {
        String token = http.softwareToken(Demo.gp());
        String path = "/fhir/Patient?family=Martin";
        HttpRequest.Builder fr = HttpRequest.newBuilder(URI.create(http.base() + path)).header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + token);
        JsonNode outcome = Http.json(http.send(fr.build()));
        assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.at("/issue/0/diagnostics").asText()).contains("nom de famille seul");
        JsonNode english = Http.json(http.send(fr.header("Accept-Language", "en").build()));
        assertThat(english.at("/issue/0/diagnostics").asText()).isEqualTo("A family name alone is too broad: add given or birthdate.");
    }

    /** Non-negotiable 5 beyond refusals: the sentence of an accepted password-reset request is French by default too. */
    @Test
    void theAnswerOfAPasswordResetRequestIsFrenchByDefaultAndEnglishWhenAsked() {
        String body = "{\"login\":\"nobody-" + java.util.UUID.randomUUID() + "\"}";
        JsonNode fr = Http.json(send("POST", "/api/password-reset", null, null, body));
        assertThat(fr.get("message").asText()).startsWith("Si cet identifiant existe");
        JsonNode en = Http.json(send("POST", "/api/password-reset", "en", null, body));
        assertThat(en.get("message").asText()).startsWith("If this login exists");
    }

    /**
     * Issue #9 row 7 with non-negotiable 5: a bearer token the libraries refuse (not a JWT, unsigned,
     * signed by another key, from another issuer) is told in French by default, not in Nimbus's or
     * Spring Security's English.
     */
    @Test
    void bearerTokensTheLibrariesRefuseAreToldInFrench_row7() throws Exception {
        com.nimbusds.jose.jwk.RSAKey other = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("other").generate();
        com.nimbusds.jose.jwk.RSAKey ours = com.nimbusds.jose.jwk.JWKSet.parse(java.nio.file.Files.readString(
                java.nio.file.Path.of("target/test-home/issuer-signing-key.json"))).getKeys().get(0).toRSAKey();
        java.util.function.BiFunction<com.nimbusds.jose.jwk.RSAKey, String, String> signed = (key, issuer) -> {
            try {
                com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(
                        com.nimbusds.jose.JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                        new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(issuer).subject("810000000017").audience("carnet")
                                .expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(600))).build());
                jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
                return jwt.serialize();
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        };
        String unsigned = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"x\"}".getBytes()) + ".";
        java.util.Map<String, String> tokens = java.util.Map.of("not a JWT", "abc", "unsigned", unsigned,
                "another key", signed.apply(other, "http://carnet.test"), "another issuer", signed.apply(ours, "http://evil.example"),
                "an unknown role", health.carnet.support.Tokens.forRole("810000000017", "ZZZ", "TREAT"),
                "an unknown purpose", health.carnet.support.Tokens.forRole("810000000017", "CARE", "XXX"));
        java.util.regex.Pattern english = java.util.regex.Pattern.compile("\\b(Invalid|Missing|Unsupported|Unknown|rejected|issuer|Signed)\\b");
        for (var t : tokens.entrySet()) {
            for (String path : new String[] {"/api/me", "/fhir/Practitioner?name=martin"}) {
                HttpResponse<String> r = send("GET", path, null, t.getValue(), null);
                assertThat(r.statusCode()).as(t.getKey() + " " + path).isEqualTo(401);
                JsonNode body = Http.json(r);
                String text = body.has("detail") ? body.get("detail").asText() : body.at("/issue/0/diagnostics").asText();
                assertThat(text).as(t.getKey() + " " + path).doesNotContainPattern(english);
                HttpResponse<String> en = send("GET", path, "en", t.getValue(), null);
                assertThat(en.body()).as(t.getKey() + " " + path).containsPattern(english);
            }
        }
    }
}
