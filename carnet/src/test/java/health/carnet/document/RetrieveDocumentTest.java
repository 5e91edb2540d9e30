package health.carnet.document;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * ITI-68 raw retrieve, answered before HAPI: the same bytes, headers, decisions, audit and errors
 * as the FHIR Binary read that HAPI still answers for FHIR formats.
 */
@IntegrationTest
class RetrieveDocumentTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    JdbcClient jdbc;

    private HttpResponse<byte[]> retrieve(Http http, String id, String token, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Binary/" + id))
                .header("Authorization", "Bearer " + token);
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.sendBytes(b.build());
    }

    private String deposit(Http http, Dossier d, String token, byte[] pdf) {
        String bundle = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                Mhd.bundle("Patient/" + d.id(), Demo.gp(), new Mhd.Doc(pdf, "application/pdf", "11488-4", "Consultation note", "10",
                        null, new String[0])));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(bundle)).build());
        assertThat(r.statusCode()).isEqualTo(200);
        Bundle response = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, r.body());
        return response.getEntry().get(1).getResponse().getLocation().split("/")[1];
    }

    private long audited(UUID dossier, String target, String outcome) {
        return jdbc.sql("select count(*) from audit_event where dossier_id = ? and target = ? and outcome = ?")
                .params(dossier, target, outcome).query(Long.class).single();
    }

    @Test
    void theExactBytesWithHapisHeadersWhateverTheNonFhirAcceptAndEachReadAudited() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "yves.gauthier");
        String gp = http.softwareToken(Demo.gp());
        byte[] pdf = Mhd.pdf("ITI-68 raw retrieve");
        String id = deposit(http, d, gp, pdf);
        long before = audited(d.id(), "DocumentReference/" + id, "PERMIT");

        for (String accept : new String[] {"application/pdf", "*/*", null}) {
            HttpResponse<byte[]> r = retrieve(http, id, gp, accept);
            assertThat(r.statusCode()).as("Accept %s", accept).isEqualTo(200);
            assertThat(r.body()).isEqualTo(pdf);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/pdf");
            assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(pdf.length));
            assertThat(r.headers().firstValue("Content-Location").orElseThrow()).endsWith("/fhir/Binary/" + id);
            assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("Attachment");
        }
        assertThat(audited(d.id(), "DocumentReference/" + id, "PERMIT")).isEqualTo(before + 3);

        // a FHIR format still gets a FHIR Binary, from HAPI, with the same bytes
        HttpResponse<String> fhir = http.get("/fhir/Binary/" + id, gp);
        assertThat(fhir.statusCode()).isEqualTo(200);
        assertThat(Http.json(fhir).get("resourceType").asText()).isEqualTo("Binary");
        assertThat(Base64.getDecoder().decode(Http.json(fhir).get("data").asText())).isEqualTo(pdf);
        assertThat(FhirValidation.errors(fhir.body())).isEmpty();
    }

    @Test
    void refusalsAndMissingDocumentsAreOperationOutcomesAndRefusalsAreAudited() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "yves.gauthier");
        String gp = http.softwareToken(Demo.gp());
        String id = deposit(http, d, gp, Mhd.pdf("refused to the employer"));

        // ACC-1: a non-care role, even with the médecin traitant's IDNPS
        long denies = audited(d.id(), "DocumentReference/" + id, "DENY");
        HttpResponse<byte[]> employer = retrieve(http, id, Tokens.forRole(Demo.gp(), "EMPLOYER", "TREAT"), "application/pdf");
        // refused as if unknown (issue #9 row 8: no existence leak), the refusal audited under ACC-1
        assertThat(employer.statusCode()).isEqualTo(404);
        String body = new String(employer.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body).contains("OperationOutcome").contains("DocumentReference").contains("introuvable").doesNotContain("%PDF");
        assertThat(FhirValidation.errors(body)).isEmpty();
        assertThat(audited(d.id(), "DocumentReference/" + id, "DENY")).isEqualTo(denies + 1);

        HttpResponse<byte[]> unknown = retrieve(http, UUID.randomUUID().toString(), gp, "application/pdf");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(FhirValidation.errors(new String(unknown.body(), java.nio.charset.StandardCharsets.UTF_8))).isEmpty();

        // DOC-4: deleted content is gone (410), on the raw path as on HAPI's
        assertThat(http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference/" + id))
                .header("Authorization", "Bearer " + gp).DELETE().build()).statusCode()).isBetween(200, 204);
        HttpResponse<byte[]> gone = retrieve(http, id, gp, "application/pdf");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(FhirValidation.errors(new String(gone.body(), java.nio.charset.StandardCharsets.UTF_8))).isEmpty();

        // no token: refused by the security chain before the document is looked at
        HttpResponse<byte[]> anonymous = http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Binary/" + id))
                .header("Accept", "application/pdf").build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
