package health.carnet.document;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #9 row 6: ITI-65 accepts as author only the depositing professional or (PDSm) a care
 * professional of the same structure, and as authorInstitution a structure of the directory that is
 * theirs, all checked against the directory.
 *
 * <p>The status, as MHD says it: ITI-65's Document Recipient reports a refused submission with an
 * HTTP error code and an OperationOutcome (MHD 2:3.65.4.2.3, "Document Recipient shall return ...
 * an OperationOutcome"); FHIR's transaction rules give 422 Unprocessable Entity to content that parses
 * but breaks a business rule (FHIR R4 http.html, "422 Unprocessable Entity - the proposed resource
 * violated applicable FHIR profiles or server business rules"). So 422, and nothing stored.
 */
@IntegrationTest
class DepositAuthorsTest {

    private static final String IDNPS = "urn:oid:1.2.250.1.71.4.2.1";

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    JdbcClient jdbc;
    Http http;
    String token;
    Dossier dossier;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        token = http.softwareToken(Demo.gp());
        dossier = Demo.dossier(dossiers, "hugo.lefebvre");
    }

    long stored() {
        return jdbc.sql("select (select count(*) from document) + (select count(*) from document_submission_set)").query(Long.class).single();
    }

    HttpResponse<String> deposit(Consumer<DocumentReference> change) {
        Bundle b = Mhd.bundle("Patient/" + dossier.id(), Demo.gp(), Mhd.Doc.pdf("auteur"));
        change.accept((DocumentReference) b.getEntry().get(1).getResource());
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir")).header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json").header("Accept-Language", "en").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(b))).build());
    }

    void refused(Consumer<DocumentReference> change, String why) {
        long before = stored();
        HttpResponse<String> r = deposit(change);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(Http.json(r).get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(Http.json(r).at("/issue/0/diagnostics").asText()).contains(why);
        assertThat(stored()).as("nothing stored").isEqualTo(before);
    }

    static Reference practitioner(String idnps) {
        return new Reference().setIdentifier(new Identifier().setSystem(IDNPS).setValue(idnps));
    }

    static void onlyAuthor(DocumentReference d, Reference author) {
        d.getAuthor().clear();
        d.addAuthor(author);
    }

    @Test
    void theDepositorOrAColleagueOfTheSameStructureMayBeAuthor() {
        assertThat(deposit(d -> { }).statusCode()).isEqualTo(200);
        // Dr Arthur Roux works at Cabinet médical Voltaire, as Dr Martin does (PDSm: deposit for a colleague)
        String colleague = Demo.person("Roux").idnps();
        HttpResponse<String> r = deposit(d -> onlyAuthor(d, new Reference("Practitioner/" + colleague)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // authorInstitution: the structure both work in, by its id in the directory
        String structure = jdbc.sql("select structure_id from directory_activity where idnps = ? limit 1")
                .param(Demo.gp()).query(String.class).optional().orElse(null);
        if (structure != null) {
            HttpResponse<String> withInstitution = deposit(d -> d.addAuthor(new Reference("Organization/" + structure)));
            assertThat(withInstitution.statusCode()).as(withInstitution.body()).isEqualTo(200);
        }
    }

    @Test
    void anotherDoctorAnAdminAnUnknownOrMalformedIdnpsOrNoAuthorIsRefused() {
        refused(d -> onlyAuthor(d, practitioner(Demo.person("Bernard").idnps())), "neither you nor a professional of your structure");
        refused(d -> onlyAuthor(d, practitioner(Demo.person("Marie").idnps())), "does not practise as a health professional");
        refused(d -> onlyAuthor(d, practitioner("000")), "IDNPS is not valid");
        refused(d -> onlyAuthor(d, practitioner("<script>")), "IDNPS is not valid");
        refused(d -> onlyAuthor(d, practitioner("81000000000" + "9")), "");
        refused(d -> onlyAuthor(d, new Reference().setDisplay("Dr Nobody")), "author");
        refused(d -> d.getAuthor().clear(), "author is required");
    }

    @Test
    void anAuthorInstitutionOutsideTheDirectoryOrNotTheirsIsRefused() {
        refused(d -> d.addAuthor(new Reference().setIdentifier(new Identifier().setSystem("urn:oid:1.2.250.1.71.4.2.2")
                .setValue("999999999"))), "not in the directory");
        String elsewhere = jdbc.sql("select s.structure_id from directory_structure s where s.structure_id not in (select structure_id from directory_activity "
                + "where idnps = ? and structure_id is not null) limit 1").param(Demo.gp()).query(String.class).optional().orElse(null);
        if (elsewhere != null) {
            refused(d -> d.addAuthor(new Reference("Organization/" + elsewhere)), "neither your structure nor an author's");
        }
    }

    /** Non-negotiable 5 for row 6: without Accept-Language the authors' refusals are French (they were English). */
    @Test
    void theAuthorsRefusalsAreFrenchByDefault_row6() {
        Bundle b = Mhd.bundle("Patient/" + dossier.id(), Demo.gp(), Mhd.Doc.pdf("auteur"));
        onlyAuthor((DocumentReference) b.getEntry().get(1).getResource(), practitioner(Demo.person("Bernard").idnps()));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir")).header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(b))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(Http.json(r).at("/issue/0/diagnostics").asText()).contains("n’est ni vous, ni un professionnel de votre structure")
                .doesNotContain("neither");
    }
}
