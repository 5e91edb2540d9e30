package health.carnet.feed;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import tools.jackson.databind.JsonNode;
import health.carnet.demo.DemoPatients;
import health.carnet.shared.Nir;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #13, FEED-1, FEED-3: FHIR Bulk Data {@code $import} as the insurer calls it, in plain HTTP
 * with HAPI's model for the manifest: 202 + Content-Location, polls answering 202 with X-Progress
 * until 200 with the counts and the rejected lines as an OperationOutcome; DELETE cancels; only the
 * insurer may; inputs only from the bulk directory (no network fetch, no path out of it).
 */
@IntegrationTest
class BulkImportFhirTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @LocalServerPort
    int port;
    @Autowired
    BulkImports imports;
    @Autowired
    JdbcClient jdbc;

    private final String lea = DemoPatients.byLogin("lea.petit").nir();

    private String insurer(Http http) {
        return Http.json(http.tokenResponse("cnam-feed", "demo-insurer-secret", "feed")).get("access_token").asText();
    }

    private static Parameters manifest(String... typeAndUrl) {
        Parameters p = new Parameters();
        p.addParameter().setName("inputFormat").setValue(new CodeType("application/fhir+ndjson"));
        for (int i = 0; i < typeAndUrl.length; i += 2) {
            Parameters.ParametersParameterComponent in = p.addParameter().setName("input");
            in.addPart().setName("type").setValue(new CodeType(typeAndUrl[i]));
            in.addPart().setName("url").setValue(new UriType(typeAndUrl[i + 1]));
        }
        return p;
    }

    private HttpResponse<String> post(Http http, String token, Parameters manifest) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/$import"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
                .header("Prefer", "respond-async").header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(manifest))).build());
    }

    private HttpResponse<String> poll(Http http, String token, String location, String method) {
        return http.send(HttpRequest.newBuilder(URI.create(location)).header("Authorization", "Bearer " + token)
                .header("Accept-Language", "en").method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private String write(String name, List<String> lines) throws Exception {
        String file = name + "-" + UUID.randomUUID() + ".ndjson";
        Files.writeString(imports.directory().resolve(file), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static String eob(String id, String nir, String code, int daysAgo) {
        return ("{\"resourceType\":\"ExplanationOfBenefit\",\"identifier\":[{\"system\":\"https://carnet.health/fhir/sid/claim-id\",\"value\":\"%s\"}],"
                + "\"subType\":{\"coding\":[{\"system\":\"https://carnet.health/fhir/CodeSystem/claim-kind\",\"code\":\"IMAGING\"}]},"
                + "\"patient\":{\"identifier\":{\"system\":\"urn:oid:1.2.250.1.213.1.4.8\",\"value\":\"%s\"}},"
                + "\"careTeam\":[{\"sequence\":1,\"provider\":{\"identifier\":{\"value\":\"8%s\"},\"display\":\"Dr Claire Martin\"},\"role\":{\"coding\":[{\"code\":\"performing\"}]}}],"
                + "\"item\":[{\"sequence\":1,\"servicedDate\":\"%s\",\"productOrService\":{\"coding\":[{\"code\":\"%s\"}],\"text\":\"Radiographie\"},\"quantity\":{\"value\":1}}]}")
                .formatted(id, nir, ClaimFiles.GP_RPPS, ClaimFiles.daysAgo(daysAgo), code);
    }

    @Test
    void feed1TheInsurerImportsNdjsonAsynchronouslyPollsItsProgressAndReadsCountsAndRejectedLines() throws Exception {
        Http http = new Http(port);
        String token = insurer(http);
        String newcomer = Nir.withKey("2850375" + "%06d".formatted((int) (System.nanoTime() % 1_000_000))).value();
        String patients = write("patients", List.of("""
                {"resourceType":"Patient","identifier":[{"system":"urn:oid:1.2.250.1.213.1.4.8","value":"%s"},\
                {"system":"https://carnet.health/fhir/sid/carte-vitale","value":"CV-BULK-1"}],"name":[{"family":"Bulk","given":["Inès"]}],\
                "gender":"female","birthDate":"1985-03-02"}""".formatted(newcomer)));
        String a = ClaimFiles.id("bulk");
        String b = ClaimFiles.id("bulk");
        String c = ClaimFiles.id("bulk");
        String claims = write("claims", List.of(eob(a, lea, "ZBQK002", 15), eob(b, lea, "ACQK001", 16), eob(c, newcomer, "ZBQK002", 17),
                "{\"resourceType\":\"Observation\",\"status\":\"final\"}", eob(ClaimFiles.id("bulk"), lea, "ZZ", 18)));

        // claims listed first: Carnet imports the persons first all the same
        HttpResponse<String> accepted = post(http, token, manifest("ExplanationOfBenefit", claims,
                "Patient", imports.directory().resolve(patients).toUri().toString()));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Content-Location").orElseThrow();
        assertThat(location).startsWith(http.base() + "/fhir/$import-poll-status?_jobId=");

        HttpResponse<String> status = poll(http, token, location, "GET");
        for (int i = 0; i < 600 && status.statusCode() == 202; i++) {
            assertThat(status.headers().firstValue("X-Progress")).as("a running job says how far it is").isPresent();
            Thread.sleep(200);
            status = poll(http, token, location, "GET");
        }
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        JsonNode done = Http.json(status);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("requiresAccessToken").asBoolean()).isTrue();
        JsonNode output = done.get("output");
        assertThat(output).hasSize(2);
        assertThat(output.get(0).get("type").asText()).isEqualTo("Patient");
        assertThat(output.get(0).get("insured").asLong()).isEqualTo(1);
        JsonNode eobs = output.get(1);
        assertThat(eobs.get("inputUrl").asText()).isEqualTo(claims);
        assertThat(eobs.get("read").asLong()).isEqualTo(5);
        assertThat(eobs.get("stored").asLong()).isEqualTo(2);
        assertThat(eobs.get("keptAside").asLong()).as("FEED-3: the newcomer has no dossier yet").isEqualTo(1);
        assertThat(eobs.get("rejected").asLong()).isEqualTo(2);
        // the rejected lines, each with its number and reason, as an OperationOutcome
        JsonNode error = done.get("error").get(0);
        assertThat(error.get("inputUrl").asText()).isEqualTo(claims);
        JsonNode issues = error.get("outcome").get("issue");
        assertThat(error.get("outcome").get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(issues).hasSize(2);
        assertThat(issues.get(0).get("location").get(0).asText()).isEqualTo("Line 4");
        assertThat(issues.get(0).get("diagnostics").asText()).contains("not an ExplanationOfBenefit");
        assertThat(issues.get(1).get("location").get(0).asText()).isEqualTo("Line 5");
        assertThat(issues.get(1).get("diagnostics").asText()).contains("CCAM");
        assertThat(jdbc.sql("select count(*) from feed_claim where claim_id in (?, ?)").params(a, b).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from feed_pending where claim_id = ?").param(c).query(Long.class).single()).isEqualTo(1);

        // only its insurer reads the job; DELETE then forgets it
        assertThat(poll(http, http.softwareToken(Demo.gp()), location, "GET").statusCode()).isEqualTo(403);
        assertThat(poll(http, token, location, "DELETE").statusCode()).isEqualTo(202);
        assertThat(poll(http, token, location, "GET").statusCode()).isEqualTo(404);
    }

    @Test
    void feed1ACancelledImportIsGoneAndTheSameImportPostedAgainStoresEachClaimOnce() throws Exception {
        Http http = new Http(port);
        String token = insurer(http);
        List<String> lines = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(ClaimFiles.id("cancel"));
            lines.add(eob(ids.get(i), lea, "ZBQK002", 20 + i));
        }
        String claims = write("cancel", lines);
        HttpResponse<String> accepted = post(http, token, manifest("ExplanationOfBenefit", claims));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String location = accepted.headers().firstValue("Content-Location").orElseThrow();
        HttpResponse<String> cancelled = poll(http, token, location, "DELETE");
        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(poll(http, token, location, "GET").statusCode()).as("after DELETE the job is gone").isEqualTo(404);

        // posted again: what the cancelled run committed stays, the rest comes in, nothing twice
        String again = post(http, token, manifest("ExplanationOfBenefit", claims)).headers().firstValue("Content-Location").orElseThrow();
        HttpResponse<String> status = poll(http, token, again, "GET");
        for (int i = 0; i < 600 && status.statusCode() == 202; i++) {
            Thread.sleep(200);
            status = poll(http, token, again, "GET");
        }
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from feed_claim where claim_id = any(?)").param(ids.toArray(String[]::new))
                .query(Long.class).single()).isEqualTo(50);
    }

    @Test
    void feed1OnlyTheInsurerImportsAndOnlyFromTheBulkDirectory() throws Exception {
        Http http = new Http(port);
        String token = insurer(http);
        String claims = write("refused", List.of(eob(ClaimFiles.id("bulk"), lea, "ZBQK002", 15)));

        // ACC-1: a professional, the patient: refused
        HttpResponse<String> gp = post(http, http.softwareToken(Demo.gp()), manifest("ExplanationOfBenefit", claims));
        assertThat(gp.statusCode()).isEqualTo(403);
        assertThat(Http.json(gp).get("resourceType").asText()).isEqualTo("OperationOutcome");

        // never the network, never a path out of the directory, only NDJSON of the two types
        for (Parameters bad : List.of(manifest("ExplanationOfBenefit", "http://127.0.0.1:9/claims.ndjson"),
                manifest("ExplanationOfBenefit", "https://insurer.example/claims.ndjson"),
                manifest("ExplanationOfBenefit", "../../" + claims),
                manifest("ExplanationOfBenefit", "file:///etc/passwd"),
                manifest("ExplanationOfBenefit", "no-such-file.ndjson"),
                manifest("Observation", claims),
                manifest())) {
            HttpResponse<String> r = post(http, token, bad);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            JsonNode oo = Http.json(r);
            assertThat(oo.get("resourceType").asText()).isEqualTo("OperationOutcome");
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("/etc/passwd:");
        }
        Parameters csv = manifest("ExplanationOfBenefit", claims);
        csv.getParameterFirstRep().setValue(new CodeType("text/csv"));
        assertThat(post(http, token, csv).statusCode()).isEqualTo(400);

        // an unknown job
        assertThat(poll(http, token, http.base() + "/fhir/$import-poll-status?_jobId=" + UUID.randomUUID(), "GET").statusCode())
                .isEqualTo(404);

        // declared in the CapabilityStatement
        CapabilityStatement cs = FHIR.newJsonParser().parseResource(CapabilityStatement.class, http.get("/fhir/metadata", null).body());
        assertThat(cs.getRestFirstRep().getOperation()).extracting(o -> o.getName()).contains("import", "import-poll-status");
    }

}
