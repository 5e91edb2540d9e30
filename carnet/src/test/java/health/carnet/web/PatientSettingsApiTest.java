package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.support.Demo;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * AUT-1, NOT-1, NOT-3 on the JSON API (issue #12): the patient reads and changes their contact
 * details as the portal's "Coordonnées" page does (a code to the new address, nothing changed
 * until it comes back, the old address told) and their notification choices as the
 * "Notifications" page does; bad input gets the portal's French messages in the API's error shape,
 * and nothing is saved.
 */
@IntegrationTest
class PatientSettingsApiTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;

    @Test
    void thePatientChangesContactDetailsWithACodeAndNotificationChoicesOnTheApi_AUT1_NOT3() {
        Http http = new Http(port);
        Patients patients = new Patients(http, notifications);
        Fresh f = Fresh.patient(http, patients, support);
        String token = patients.token(f.login(), f.initialPassword(), f.email());
        assertThat(http.post("/api/me/password", token, Map.of("current", f.initialPassword(), "next", "Reglages-api-2026"))
                .statusCode()).isEqualTo(204);

        JsonNode contact = ok(http.get("/api/me/contact", token));
        assertThat(contact.get("email").asText()).isEqualTo(f.email());
        assertThat(contact.get("channel").asText()).isEqualTo("EMAIL");

        // bad input: the portal's words, nothing changed
        refused(http.put("/api/me/contact", token, Map.of("email", "pas-une-adresse", "channel", "EMAIL")), 400,
                "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.");
        refused(http.put("/api/me/contact", token, Map.of("email", f.email(), "channel", "FAX")), 400, "Le canal est EMAIL (courriel) ou SMS.");
        refused(http.put("/api/me/contact", token, Map.of("email", f.email(), "channel", "SMS")), 400,
                "Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78.");
        refused(http.put("/api/me/contact", token, Map.of("email", f.email(), "channel", "EMAIL")), 400, "Vous n’avez rien modifié.");

        // a new email: a code goes there, nothing changes until it comes back
        String next = "nouvelle-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> asked = http.put("/api/me/contact", token, Map.of("email", next, "channel", "EMAIL"));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        JsonNode pending = Http.json(asked);
        assertThat(pending.get("message").asText()).startsWith("Un code de 6 chiffres vient d’être envoyé à");
        assertThat(pending.get("sentTo").asText()).doesNotContain(next);
        assertThat(ok(http.get("/api/me/contact", token)).get("email").asText()).isEqualTo(f.email());
        String requestId = pending.get("requestId").asText();
        refused(http.post("/api/me/contact/confirm", token, Map.of("requestId", requestId, "code", "12")), 400,
                "Le code contient 6 chiffres. Vérifiez-le et réessayez.");
        String code = patients.lastCode(next, "CONTACT_CODE");
        String wrong = code.equals("000000") ? "111111" : "000000";
        refused(http.post("/api/me/contact/confirm", token, Map.of("requestId", requestId, "code", wrong)), 401,
                "Ce code est incorrect. Vérifiez-le et réessayez.");
        refused(http.post("/api/me/contact/confirm", token, Map.of("requestId", UUID.randomUUID().toString(), "code", code)), 404,
                "Aucun changement de coordonnées n’attend ce code. Recommencez.");
        JsonNode changed = ok(http.post("/api/me/contact/confirm", token, Map.of("requestId", requestId, "code", code)));
        assertThat(changed.get("email").asText()).isEqualTo(next);
        assertThat(ok(http.get("/api/me/contact", token)).get("email").asText()).isEqualTo(next);
        assertThat(patients.lastDelivered(f.email(), "CONTACT_CHANGED")).contains("ont été modifiées");

        // notifications: the dossier's choices, as the portal shows them
        JsonNode choice = ok(http.get("/api/me/notifications", token));
        assertThat(choice.get("dossierId").asText()).isEqualTo(f.dossierId());
        assertThat(texts(choice.get("channels"))).containsExactly("EMAIL");
        assertThat(texts(choice.get("events"))).containsExactlyInAnyOrder("DOCUMENT_DEPOSITED", "AUTHORISATION");
        assertThat(texts(choice.get("alwaysSent"))).contains("LOGIN", "BREAK_GLASS");
        refused(http.put("/api/me/notifications", token, Map.of("channels", List.of())), 400,
                "Choisissez au moins un moyen : courriel ou SMS.");
        refused(http.put("/api/me/notifications", token, Map.of("channels", List.of("SMS"))), 400,
                "Aucun numéro de mobile n’est enregistré : ajoutez-en un dans Mon compte.");
        refused(http.put("/api/me/notifications", token, Map.of("channels", List.of("EMAIL"), "events", List.of("LOGIN"))), 400,
                "Les événements que vous pouvez choisir sont DOCUMENT_DEPOSITED");
        refused(http.get("/api/me/notifications?dossier=" + UUID.randomUUID(), token), 404,
                "Ce dossier n’est ni le vôtre ni celui d’un mineur que vous représentez.");
        // English when the client prefers it
        HttpResponse<String> english = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base() + "/api/me/notifications"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Accept-Language", "en")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"channels\":[]}")).build());
        refused(english, 400, "Choose at least one way: email or text message.");
        assertThat(texts(ok(http.get("/api/me/notifications", token)).get("events"))).as("nothing saved by the refusals")
                .containsExactlyInAnyOrder("DOCUMENT_DEPOSITED", "AUTHORISATION");
        JsonNode saved = ok(http.put("/api/me/notifications", token, Map.of("channels", List.of("EMAIL"), "events", List.of("AUTHORISATION"))));
        assertThat(texts(saved.get("events"))).containsExactly("AUTHORISATION");
        assertThat(texts(ok(http.get("/api/me/notifications?dossier=" + f.dossierId(), token)).get("events"))).containsExactly("AUTHORISATION");

        // a professional has no such settings
        assertThat(http.get("/api/me/contact", http.softwareToken(Demo.gp())).statusCode()).isEqualTo(403);
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r);
    }

    private static void refused(HttpResponse<String> r, int status, String start) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(Http.json(r).get("detail").asText()).as(r.body()).startsWith(start);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("health.carnet");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
