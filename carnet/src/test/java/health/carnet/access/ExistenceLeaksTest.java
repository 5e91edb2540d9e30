package health.carnet.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Issue #9 row 8: a document hidden from the asker (in a dossier they may not open, masked, not
 * yet announced, of a class their profession may not read) answers exactly as an unknown one: 404,
 * the same words, on ITI-68 (raw and FHIR Binary), read by id, PATCH and DELETE; the refusal is
 * still audited. By id, an unauthorised professional gets of a dossier what PDQm gives, no more.
 */
@IntegrationTest
class ExistenceLeaksTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    Http http;
    String gp;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        gp = http.softwareToken(Demo.gp());
    }

    String deposit(Dossier d, Mhd.Doc doc) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + gp)
                .POST(HttpRequest.BodyPublishers.ofString(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                        Mhd.bundle("Patient/" + d.id(), Demo.gp(), doc)))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r).at("/entry/1/response/location").asText().split("/")[1];
    }

    HttpResponse<String> call(String method, String path, String token, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + path)).header("Authorization", "Bearer " + token)
                .header("Accept", accept);
        if (method.equals("PATCH")) {
            b.header("Content-Type", "application/json-patch+json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                    "[{\"op\":\"add\",\"path\":\"/securityLabel/-\",\"value\":{\"coding\":[{\"system\":"
                            + "\"https://mos.esante.gouv.fr/NOS/TRE_A07-StatutVisibiliteDocument/FHIR/TRE-A07-StatutVisibiliteDocument\","
                            + "\"code\":\"INVISIBLE_REPRESENTANTS_LEGAUX\"}]}}]"));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build());
    }

    /** Every way of reaching a document by id answers as for an unknown id: 404 and the same words (the id aside). */
    void sameAsUnknown(String id, String token) {
        String unknown = UUID.randomUUID().toString();
        String[][] ways = {{"GET", "/fhir/DocumentReference/%s", "application/fhir+json"}, {"GET", "/fhir/Binary/%s", "application/pdf"},
                {"GET", "/fhir/Binary/%s", "application/fhir+json"}, {"PATCH", "/fhir/DocumentReference/%s", "application/fhir+json"},
                {"DELETE", "/fhir/DocumentReference/%s", "application/fhir+json"}};
        for (String[] way : ways) {
            HttpResponse<String> hidden = call(way[0], way[1].formatted(id), token, way[2]);
            HttpResponse<String> none = call(way[0], way[1].formatted(unknown), token, way[2]);
            assertThat(hidden.statusCode()).as(way[0] + " " + way[1] + ": " + hidden.body()).isEqualTo(404).isEqualTo(none.statusCode());
            assertThat(diagnostics(hidden).replace(id, "<id>")).isEqualTo(diagnostics(none).replace(unknown, "<id>"));
            assertThat(hidden.body()).doesNotContain("ACC-").doesNotContain("DOC-").doesNotContain("%PDF");
        }
    }

    long denies(Dossier d) {
        return jdbc.sql("select count(*) from audit_event where dossier_id = ? and outcome = 'DENY'").param(d.id()).query(Long.class).single();
    }

    static String diagnostics(HttpResponse<String> r) {
        JsonNode json = Http.json(r);
        return json.at("/issue/0/diagnostics").asText();
    }

    @Test
    void aDocumentInADossierTheProfessionalMayNotOpenIsNotFoundAndTheRefusalIsAudited() {
        Dossier d = Demo.dossier(dossiers, "thomas.blanc");
        String id = deposit(d, Mhd.Doc.pdf("hors de portée"));
        String stranger = http.softwareToken(Demo.person("Girard").idnps());
        long denies = denies(d);
        sameAsUnknown(id, stranger);
        assertThat(denies(d)).as("each refusal audited").isGreaterThan(denies);
        // a non-care role, even with the médecin traitant's own IDNPS (ACC-1)
        sameAsUnknown(id, Tokens.forRole(Demo.gp(), "EMPLOYER", "TREAT"));
    }

    @Test
    void aDocumentNotYetAnnouncedIsNotFoundForThePatientsRepresentativesAndOthers() {
        Dossier d = Demo.dossier(dossiers, "julie.faure");
        String id = deposit(d, Mhd.Doc.pdf("résultat à annoncer").labelled("INVISIBLE_PATIENT"));
        // visible to its author, hidden (as unknown) from a professional the label does not concern is out of scope here:
        // the patient's own token must not learn it exists
        String patient = new health.carnet.support.Patients(http, notifications).token("julie.faure");
        sameAsUnknown(id, patient);
    }

    @Autowired
    health.carnet.notification.Notifications notifications;

    @Test
    void aPatientOrDossierSummaryByIdGivesAnUnauthorisedProfessionalWhatPdqmGivesNoMore() {
        Dossier d = Demo.dossier(dossiers, "anne.muller");
        String stranger = http.softwareToken(Demo.person("Girard").idnps());
        HttpResponse<String> summary = http.get("/api/dossiers/" + d.id(), stranger);
        assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
        JsonNode s = Http.json(summary);
        assertThat(s.get("ins").asText()).isEqualTo(d.ins().value());
        for (String field : new String[] {"state", "closedAt", "destroyAfter", "medecinTraitant", "relation"}) {
            assertThat(s.path(field).isNull() || s.path(field).isMissingNode()).as(field + " withheld").isTrue();
        }
        // the médecin traitant sees the dossier's state
        assertThat(Http.json(http.get("/api/dossiers/" + d.id(), gp)).get("state").asText()).isEqualTo("ACTIVE");
        // PDQm by id: the Patient, as the search gives it
        HttpResponse<String> patient = http.get("/fhir/Patient/" + d.id(), stranger);
        assertThat(patient.statusCode()).isEqualTo(200);
        for (String field : new String[] {"generalPractitioner", "contact", "telecom", "address"}) {
            assertThat(Http.json(patient).has(field)).as(field).isFalse();
        }
        // a dossier the search would not list (a non-care role) is not found, like an unknown id
        String employer = Tokens.forRole(Demo.person("Girard").idnps(), "EMPLOYER", "TREAT");
        assertThat(http.get("/fhir/Patient/" + d.id(), employer).statusCode()).isEqualTo(404);
        assertThat(http.get("/api/dossiers/" + d.id(), employer).statusCode()).isEqualTo(404);
        assertThat(http.get("/api/dossiers/" + UUID.randomUUID(), employer).statusCode()).isEqualTo(404);
    }
}
