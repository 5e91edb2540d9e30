package health.carnet.feed;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * DOS-6 (destruction on request) and issue #9 "destruction that is complete": the insurer's care
 * history of a destroyed dossier goes with it, in the destruction's transaction.
 */
@IntegrationTest
class FeedDestructionTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    JdbcClient jdbc;

    long claims(String dossierId) {
        return jdbc.sql("select count(*) from feed_claim where dossier_id = ?").param(UUID.fromString(dossierId))
                .query(Long.class).single();
    }

    @Test
    void dos6_aDestroyedDossierTakesItsCareHistoryWithIt() {
        Http http = new Http(port);
        Patients patients = new Patients(http, notifications);
        Fresh p = Fresh.patient(http, patients, support);
        HttpResponse<String> token = http.tokenResponse("cnam-feed", "demo-insurer-secret", "feed");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/feed/import?name=destruction.csv"))
                .header("Authorization", "Bearer " + Http.json(token).get("access_token").asText()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", ClaimFiles.HEADER,
                        ClaimFiles.consultation(ClaimFiles.id("dos6"), p.nir(), ClaimFiles.daysAgo(30)),
                        ClaimFiles.medicine(ClaimFiles.id("dos6"), p.nir(), ClaimFiles.daysAgo(29))) + "\n")).build());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(claims(p.dossierId())).isEqualTo(2);
        // issue #15: each claim id is filed in feed_claim_locator (ExplanationOfBenefit/{id} asks it, not every shard)
        java.util.List<String> ids = jdbc.sql("select claim_id from feed_claim where dossier_id = ?").param(UUID.fromString(p.dossierId()))
                .query(String.class).list();
        assertThat(located(ids)).isEqualTo(2);

        String patient = patients.token(p.login(), p.initialPassword(), p.email());
        assertThat(http.post("/api/me/password", patient, Map.of("current", p.initialPassword(), "next", "Detruire-tout-2026"))
                .statusCode()).isEqualTo(204);
        HttpResponse<String> destroyed = http.post("/api/dossiers/" + p.dossierId() + "/destroy", patient, Map.of("confirm", "DETRUIRE"));
        assertThat(destroyed.statusCode()).as(destroyed.body()).isEqualTo(200);
        assertThat(claims(p.dossierId())).isZero();
        // and the locators of its claims go with it, in the same transaction (no claim id left pointing at it)
        assertThat(located(ids)).isZero();
    }

    long located(java.util.List<String> claimIds) {
        return jdbc.sql("select count(*) from feed_claim_locator where claim_id = any(?)").param(claimIds.toArray(String[]::new))
                .query(Long.class).single();
    }
}
