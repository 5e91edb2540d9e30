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
}
