package health.carnet.document;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.demo.DemoPatients;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * SEC-4 on ITI-65: every bad deposit gets an OperationOutcome with the right status, validating
 * against base R4, and stores nothing, not even partly.
 */
@IntegrationTest
class MhdBadInputTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    JdbcClient jdbc;
    Http http;
    String token;
    Dossier dossier;
    final FhirContext ctx = FhirContext.forR4Cached();

    @BeforeEach
    void setUp() {
        http = new Http(port);
        token = http.softwareToken(Demo.gp());
        dossier = dossiers.findByIns(Ins.nir(Nir.of(DemoPatients.byLogin("anne.muller").nir()))).orElseThrow();
    }

    long stored() {
        return jdbc.sql("select (select count(*) from document) + (select count(*) from document_content) "
                + "+ (select count(*) from document_submission_set) + (select count(*) from document_uid) "
                + "+ (select count(*) from document_locator)").query(Long.class).single();
    }

    HttpResponse<String> post(String body, String contentType, String bearer) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir")).header("Content-Type", contentType)
                .header("Accept", "application/fhir+json").header("Accept-Language", "en").header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts, expects the status, an OperationOutcome that validates, and nothing stored. */
    JsonNode refused(String body, int status, String message) {
        return refused(body, "application/fhir+json", status, message, token);
    }

    JsonNode refused(String body, String contentType, int status, String message, String bearer) {
        long before = stored();
        HttpResponse<String> r = post(body, contentType, bearer);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode json = Http.json(r);
        assertThat(json.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(json.at("/issue/0/diagnostics").asText()).containsIgnoringCase(message);
        assertThat(FhirValidation.errors(r.body())).isEmpty();
        assertThat(stored()).as("nothing stored").isEqualTo(before);
        return json;
    }

    String bundle(Consumer<Bundle> change) {
        Bundle b = Mhd.bundle("Patient/" + dossier.id(), Demo.gp(), Mhd.Doc.pdf("ok"), Mhd.Doc.cda("second, valid"));
        change.accept(b);
        return ctx.newJsonParser().encodeResourceToString(b);
    }

    DocumentReference doc(Bundle b, int i) {
        return (DocumentReference) b.getEntry().stream().filter(e -> e.getResource() instanceof DocumentReference)
                .skip(i).findFirst().orElseThrow().getResource();
    }

    @Test
    void malformedJson() {
        refused("{\"resourceType\": \"Bundle\", \"type\": ", 400, "");
    }

    @Test
    void malformedXml() {
        refused("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"transaction\"/>", "application/fhir+xml", 400, "", token);
    }

    @Test
    void wrongResourceType() {
        refused("{\"resourceType\":\"Patient\"}", 400, "");
    }

    @Test
    void aBundleThatIsNotATransaction() {
        refused(bundle(b -> b.setType(Bundle.BundleType.COLLECTION)), 400, "transaction");
    }

    @Test
    void aMissingType() {
        refused(bundle(b -> doc(b, 1).setType(null)), 422, "LOINC");
    }

    @Test
    void aClassCodeOutsideTheValueSet() {
        refused(bundle(b -> doc(b, 0).getCategoryFirstRep().getCodingFirstRep().setCode("99")), 422, "JDV_J57");
    }

    @Test
    void aMissingAuthorOrDate() {
        refused(bundle(b -> doc(b, 0).getAuthor().clear()), 422, "author");
        refused(bundle(b -> doc(b, 1).setDate(null)), 422, "date");
    }

    @Test
    void aSizeThatDoesNotMatchTheBytes() {
        refused(bundle(b -> doc(b, 1).getContentFirstRep().getAttachment().setSize(3)), 422, "size");
    }

    @Test
    void aHashThatDoesNotMatchTheBytes() {
        refused(bundle(b -> doc(b, 1).getContentFirstRep().getAttachment().setHash(Mhd.sha1("other".getBytes()))), 422, "hash");
    }

    @Test
    void aContentTypeNotAllowed() {
        refused(bundle(b -> {
            doc(b, 1).getContentFirstRep().getAttachment().setContentType("application/x-msdownload");
            ((Binary) b.getEntry().get(4).getResource()).setContentType("application/x-msdownload");
        }), 415, "content type");
    }

    @Test
    void anUnknownPatient() {
        refused(bundle(b -> doc(b, 1).getSubject().setReference("Patient/" + UUID.randomUUID())), 422, "unknown patient");
    }

    @Test
    void aPatientNotIdentifiedByIns() {
        refused(bundle(b -> ((org.hl7.fhir.r4.model.ListResource) b.getEntry().get(0).getResource()).setSubject(
                new org.hl7.fhir.r4.model.Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier()
                        .setSystem("urn:oid:1.2.3").setValue("12")))), 422, "INS");
    }

    @Autowired
    health.carnet.dossier.operator.DemoSupport support;

    @Test
    void aClosedDossier() {
        // a dossier of its own: the retention test may have destroyed the demo's closed one
        var p = health.carnet.support.Insured.register(support, java.time.LocalDate.of(1977, 7, 7), null);
        var created = http.post("/api/pro/dossiers", token, java.util.Map.of("insSystem", Ins.INS_NIR_SYSTEM, "ins", p.nir(),
                "familyName", "Ferme", "givenNames", "Dossier", "birthDate", "1977-07-07", "sex", "M",
                "carteVitaleSerial", p.carteVitaleSerial(), "consentMethod", "ORAL", "email", "closed@example.org"));
        UUID id = UUID.fromString(Http.json(created).get("dossierId").asText());
        http.post("/api/pro/dossiers/" + id + "/consultation", token, java.util.Map.of("carteVitale", p.carteVitaleSerial(),
                "consentDeclared", true));
        assertThat(http.post("/api/dossiers/" + id + "/close", token, "{}").statusCode()).isEqualTo(200);
        Dossier closed = dossiers.find(id).orElseThrow();
        refused(ctx.newJsonParser().encodeResourceToString(Mhd.bundle("Patient/" + closed.id(), Demo.gp(), Mhd.Doc.pdf("x"))),
                403, "ACC-8");
    }

    @Test
    void aDuplicateMasterIdentifier() {
        Bundle first = Mhd.bundle("Patient/" + dossier.id(), Demo.gp(), Mhd.Doc.pdf("first"));
        assertThat(post(ctx.newJsonParser().encodeResourceToString(first), "application/fhir+json", token).statusCode()).isEqualTo(200);
        refused(bundle(b -> doc(b, 1).getMasterIdentifier().setValue(doc(first, 0).getMasterIdentifier().getValue())), 409,
                "already exists");
    }

    /** ITI-65, issue #15: documents are keyed by dossier, yet a masterIdentifier stays unique in the whole service (document_uid). */
    @Test
    void aMasterIdentifierAlreadyUsedInAnotherDossier() {
        Dossier lea = dossiers.findByIns(Ins.nir(Nir.of(DemoPatients.byLogin("lea.petit").nir()))).orElseThrow();
        Bundle first = Mhd.bundle("Patient/" + lea.id(), Demo.gp(), Mhd.Doc.pdf("first, in another dossier"));
        assertThat(post(ctx.newJsonParser().encodeResourceToString(first), "application/fhir+json", token).statusCode()).isEqualTo(200);
        refused(bundle(b -> doc(b, 1).getMasterIdentifier().setValue(doc(first, 0).getMasterIdentifier().getValue())), 409,
                "already exists");
    }

    /** ITI-65, issue #15: a SubmissionSet uniqueId already submitted for another dossier is refused too. */
    @Test
    void aSubmissionSetUniqueIdAlreadyUsedInAnotherDossier() {
        Dossier lea = dossiers.findByIns(Ins.nir(Nir.of(DemoPatients.byLogin("lea.petit").nir()))).orElseThrow();
        Bundle first = Mhd.bundle("Patient/" + lea.id(), Demo.gp(), Mhd.Doc.pdf("a set in another dossier"));
        assertThat(post(ctx.newJsonParser().encodeResourceToString(first), "application/fhir+json", token).statusCode()).isEqualTo(200);
        String uniqueId = list(first).getIdentifierFirstRep().getValue();
        refused(bundle(b -> list(b).getIdentifierFirstRep().setValue(uniqueId)), 409, "already submitted");
    }

    static org.hl7.fhir.r4.model.ListResource list(Bundle b) {
        return (org.hl7.fhir.r4.model.ListResource) b.getEntry().stream().filter(e -> e.getResource() instanceof org.hl7.fhir.r4.model.ListResource)
                .findFirst().orElseThrow().getResource();
    }

    @Test
    void aBodyOverTheSizeLimit() {
        String huge = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Binary\","
                + "\"contentType\":\"application/pdf\",\"data\":\"" + "A".repeat(29 * 1024 * 1024) + "\"}}]}";
        refused(huge, 413, "limit");
    }

    @Test
    void nonCareRolesAreRefusedAndAudited() {
        for (String staff : new String[] {"Denis", "Lemaire"}) {
            refused(bundle(b -> { }), "application/fhir+json", 403, "ACC-1", http.softwareToken(Demo.person(staff).idnps()));
        }
    }

    @Test
    void aProfessionalTheDossierHasNotAuthorised() {
        refused(bundle(b -> { }), "application/fhir+json", 403, "ACC-2", http.softwareToken(Demo.person("Girard").idnps()));
    }
}
