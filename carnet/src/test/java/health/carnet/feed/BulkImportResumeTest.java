package health.carnet.feed;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.demo.DemoPatients;
import health.carnet.feed.internal.BulkImportJobs;
import health.carnet.feed.internal.Importer;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue #13, FEED-1 ("resumable after a crash"): a FHIR $import whose server stopped while it ran
 * is not left failed; the poll says it is resuming, a server taking it over (the scheduled
 * {@code resumeSilent}) finishes it, and every claim of its file is stored exactly once, those the
 * stopped run had committed included.
 */
@IntegrationTest
class BulkImportResumeTest {

    @LocalServerPort
    int port;
    @Autowired
    BulkImports imports;
    @Autowired
    BulkImportJobs jobs;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Importer importer;

    private final String lea = DemoPatients.byLogin("lea.petit").nir();

    private static String eob(String id, String nir, int daysAgo) {
        return ("{\"resourceType\":\"ExplanationOfBenefit\",\"identifier\":[{\"system\":\"https://carnet.health/fhir/sid/claim-id\",\"value\":\"%s\"}],"
                + "\"subType\":{\"coding\":[{\"system\":\"https://carnet.health/fhir/CodeSystem/claim-kind\",\"code\":\"IMAGING\"}]},"
                + "\"patient\":{\"identifier\":{\"system\":\"urn:oid:1.2.250.1.213.1.4.8\",\"value\":\"%s\"}},"
                + "\"careTeam\":[{\"sequence\":1,\"provider\":{\"identifier\":{\"value\":\"8%s\"},\"display\":\"Dr Claire Martin\"},\"role\":{\"coding\":[{\"code\":\"performing\"}]}}],"
                + "\"item\":[{\"sequence\":1,\"servicedDate\":\"%s\",\"productOrService\":{\"coding\":[{\"code\":\"ZBQK002\"}],\"text\":\"Radiographie\"},\"quantity\":{\"value\":1}}]}")
                .formatted(id, nir, ClaimFiles.GP_RPPS, ClaimFiles.daysAgo(daysAgo));
    }

    private HttpResponse<String> poll(Http http, String token, UUID job) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/$import-poll-status?_jobId=" + job))
                .header("Authorization", "Bearer " + token).header("Accept-Language", "en").GET().build());
    }

    @Test
    void feed1AnImportWhoseServerStoppedIsResumedAndStoresEachClaimOnce() throws Exception {
        Http http = new Http(port);
        String token = Http.json(http.tokenResponse("cnam-feed", "demo-insurer-secret", "feed")).get("access_token").asText();
        List<String> lines = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(ClaimFiles.id("resume"));
            lines.add(eob(ids.get(i), lea, 30 + i));
        }
        String file = "resume-" + UUID.randomUUID() + ".ndjson";
        Files.writeString(imports.directory().resolve(file), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

        // a job a stopped server was running: in progress, its last sign of life ten minutes ago
        UUID job = UUID.randomUUID();
        Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
        jobs.insert(job, "cnam-feed", tenMinutesAgo, List.of(new BulkImportJobs.Input("ExplanationOfBenefit", file)));
        jobs.started(job, tenMinutesAgo, "file 1/1 (ExplanationOfBenefit), 40%, 12 lines");
        // what the stopped run had committed before it stopped: the first ten claims
        String head = "resume-head-" + UUID.randomUUID() + ".ndjson";
        Files.writeString(imports.directory().resolve(head), String.join("\n", lines.subList(0, 10)) + "\n", StandardCharsets.UTF_8);
        assertThat(importer.importFile(imports.directory().resolve(head), null).stored()).isEqualTo(10);
        HttpResponse<String> silent = poll(http, token, job);
        assertThat(silent.statusCode()).as("a silent job is not failed: it will resume").isEqualTo(202);
        assertThat(silent.headers().firstValue("X-Progress").orElse("")).contains("resuming");

        imports.resumeSilent();

        HttpResponse<String> status = poll(http, token, job);
        for (int i = 0; i < 600 && status.statusCode() == 202; i++) {
            Thread.sleep(200);
            status = poll(http, token, job);
        }
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        JsonNode done = Http.json(status);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("output").get(0).get("read").asLong()).isEqualTo(30);
        assertThat(done.get("output").get(0).get("stored").asLong()).as("the other twenty").isEqualTo(20);
        assertThat(done.get("output").get(0).get("unchanged").asLong()).as("the ten already there").isEqualTo(10);
        assertThat(jdbc.sql("select count(*) from feed_claim where claim_id = any(?)").param(ids.toArray(String[]::new))
                .query(Long.class).single()).as("every claim once").isEqualTo(30);

        // taken over once: a second look finds nothing silent any more
        imports.resumeSilent();
        assertThat(jdbc.sql("select status from feed_bulk_import where id = ?").param(job).query(String.class).single())
                .isEqualTo("completed");
    }
}
