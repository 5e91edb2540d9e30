package health.carnet.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.demo.DemoPatients;
import health.carnet.document.DocumentRules;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** ACC-5, ACC-7, DOC-6 and MIN-3 through the FHIR API, with real tokens and the real database. */
@IntegrationTest
class DocumentRulesApiTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Notifications notifications;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    Dossier dossier(String login) {
        return Demo.dossier(dossiers, login);
    }

    HttpResponse<String> post(String path, String token, String json, String contentType) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir" + path)).header("Content-Type", contentType)
                .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    String deposit(Dossier d, String token, String authorIdnps, Mhd.Doc doc) {
        HttpResponse<String> r = post("", token, FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                Mhd.bundle("Patient/" + d.id(), authorIdnps, doc)), "application/fhir+json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r).at("/entry/1/response/location").asText().split("/")[1];
    }

    String consent(Dossier d, String kind, String actor, String reason) {
        return ConsentsAndEmergenciesTest.consent(d, kind, actor, reason);
    }

    @Test
    void anAuthorisedEstablishmentsCareTeamReadsButNotItsAdminStaff() {
        Dossier d = dossier("sarah.mercier");
        String patient = new Patients(http, notifications).token("sarah.mercier");
        // Hôpital Édouard Herriot: Dr Robert (cardiology) works there, so does Mme Denis (admin)
        HttpResponse<String> granted = post("/Consent", patient, consent(d, "AUTHORISE_STRUCTURE", "Organization/" + health.carnet.shared.Finess.withCheckDigit("69078118").value(), null),
                "application/fhir+json");
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        String search = "/fhir/DocumentReference?patient=Patient/" + d.id();
        HttpResponse<String> team = http.get(search, http.softwareToken(Demo.person("Robert").idnps()));
        assertThat(team.statusCode()).as(team.body()).isEqualTo(200);
        HttpResponse<String> admin = http.get(search, http.softwareToken(Demo.person("Denis").idnps()));
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(admin.body()).contains("ACC-1");
        HttpResponse<String> elsewhere = http.get(search, http.softwareToken(Demo.person("Richard").idnps()));
        assertThat(elsewhere.statusCode()).as("a cardiologist of another hospital").isEqualTo(403);
    }

    @Test
    void aPharmacistReadsPrescriptionsButNotConsultationReports() {
        Dossier d = dossier("paul.vincent");
        String patient = new Patients(http, notifications).token("paul.vincent");
        String pharmacist = Demo.person("Blanc").idnps();
        assertThat(post("/Consent", patient, consent(d, "AUTHORISE", "Practitioner/" + pharmacist, null), "application/fhir+json")
                .statusCode()).isEqualTo(201);
        assertThat(post("/Consent", patient, consent(d, "AUTHORISE", "Practitioner/" + Demo.gp(), null), "application/fhir+json")
                .statusCode()).isEqualTo(201);
        String gp = http.softwareToken(Demo.gp());
        String report = deposit(d, gp, Demo.gp(), Mhd.Doc.pdf("compte rendu"));
        String prescription = deposit(d, gp, Demo.gp(), Mhd.Doc.pdf("ordonnance").ofClass("42"));
        String ph = http.softwareToken(pharmacist);
        HttpResponse<String> seen = http.get("/fhir/DocumentReference?patient=Patient/" + d.id(), ph);
        assertThat(seen.body()).contains(prescription).doesNotContain(report);
        assertThat(http.get("/fhir/Binary/" + report, ph).statusCode()).isEqualTo(404);
        assertThat(http.get("/fhir/DocumentReference/" + prescription, ph).statusCode()).isEqualTo(200);
    }

    @Test
    void aProfessionalThePatientOpposedCannotDepositButStillReads() {
        Dossier d = dossier("michel.andre");
        String patient = new Patients(http, notifications).token("michel.andre");
        String opposed = Demo.person("Thomas").idnps();
        String token = http.softwareToken(opposed);
        assertThat(http.post("/api/pro/dossiers/" + d.id() + "/consultation", token, java.util.Map.of("carteVitale",
                DemoPatients.byLogin("michel.andre").carteVitale(), "consentDeclared", true)).statusCode()).isEqualTo(201);
        deposit(d, token, opposed, Mhd.Doc.pdf("before opposition"));
        assertThat(post("/Consent", patient, consent(d, "OPPOSE_DEPOSIT", "Practitioner/" + opposed, "désaccord sur le suivi"),
                "application/fhir+json").statusCode()).isEqualTo(201);
        HttpResponse<String> refused = post("", token, FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                Mhd.bundle("Patient/" + d.id(), opposed, Mhd.Doc.pdf("after opposition"))), "application/fhir+json");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("DOC-6");
        assertThat(http.get("/fhir/DocumentReference?patient=Patient/" + d.id(), token).statusCode()).isEqualTo(200);
    }

    @Test
    void theMinorAsksADoctorToHideADocumentFromTheLegalRepresentatives() {
        Dossier emma = dossier("emma.chevalier");
        String gp = http.softwareToken(Demo.gp());
        String docId = deposit(emma, gp, Demo.gp(), Mhd.Doc.pdf("consultation confidentielle"));
        Patients patients = new Patients(http, notifications);
        String parent = patients.token("sophie.chevalier");
        assertThat(http.get("/fhir/DocumentReference/" + docId, parent).statusCode()).isEqualTo(200);
        HttpResponse<String> hide = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference/" + docId))
                .header("Authorization", "Bearer " + gp).header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("[{\"op\":\"add\",\"path\":\"/securityLabel/-\",\"value\":"
                        + "{\"coding\":[{\"system\":\"" + DocumentRules.VISIBILITY_SYSTEM + "\",\"code\":\"INVISIBLE_REPRESENTANTS_LEGAUX\"}]}}]"))
                .build());
        assertThat(hide.statusCode()).as(hide.body()).isEqualTo(200);
        assertThat(http.get("/fhir/DocumentReference/" + docId, parent).statusCode()).isEqualTo(404);
        assertThat(http.get("/fhir/DocumentReference?patient=Patient/" + emma.id(), parent).body()).doesNotContain(docId);
        assertThat(http.get("/fhir/DocumentReference/" + docId, gp).statusCode()).isEqualTo(200);
    }
}
