package health.carnet.document;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.demo.DemoPatients;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** DOC-2, EMG-3: what the patient enters, as FHIR resources their apps and their professionals use. */
@IntegrationTest
class PatientEnteredTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Notifications notifications;

    HttpResponse<String> post(Http http, String path, String token, String json) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/" + path)).header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void thePatientEntersAllergiesBloodGroupAndEmergencyContactsThatCareAndEmergencyTeamsRead() {
        Http http = new Http(port);
        Dossier d = dossiers.findByIns(Ins.nir(Nir.of(DemoPatients.byLogin("jean.moreau").nir()))).orElseThrow();
        String patient = new Patients(http, notifications).token("jean.moreau");
        HttpResponse<String> allergy = post(http, "AllergyIntolerance", patient, """
                {"resourceType":"AllergyIntolerance","patient":{"reference":"Patient/%s"},
                 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},
                 "code":{"text":"Pénicilline"},"criticality":"high"}""".formatted(d.id()));
        assertThat(allergy.statusCode()).as(allergy.body()).isEqualTo(201);
        assertThat(FhirValidation.errors(allergy.body())).isEmpty();
        assertThat(post(http, "Observation", patient, """
                {"resourceType":"Observation","status":"final","subject":{"reference":"Patient/%s"},
                 "code":{"coding":[{"system":"http://loinc.org","code":"882-1","display":"ABO and Rh group"}]},
                 "valueCodeableConcept":{"text":"O+"}}""".formatted(d.id())).statusCode()).isEqualTo(201);
        assertThat(post(http, "RelatedPerson", patient, """
                {"resourceType":"RelatedPerson","patient":{"reference":"Patient/%s"},"name":[{"family":"Moreau","given":["Anne"]}],
                 "relationship":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0131","code":"C","display":"Emergency Contact"}]}],
                 "telecom":[{"system":"phone","value":"+33600000099"}]}""".formatted(d.id())).statusCode()).isEqualTo(201);

        // the médecin traitant reads them
        HttpResponse<String> byGp = http.get("/fhir/AllergyIntolerance?patient=Patient/" + d.id(), http.softwareToken(Demo.gp()));
        assertThat(byGp.statusCode()).isEqualTo(200);
        assertThat(byGp.body()).contains("Pénicilline");
        // the emergency contact is visible to a break-glass access (EMG-3)
        String btg = http.softwareToken(Demo.person("Leroy").idnps(), "fhir", "purpose.BTG");
        HttpResponse<String> contacts = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/RelatedPerson?patient=Patient/" + d.id()))
                .header("Authorization", "Bearer " + btg).header("Accept", "application/fhir+json")
                .header("X-Carnet-Break-Glass-Reason", "unconscious").build());
        assertThat(contacts.statusCode()).isEqualTo(200);
        assertThat(contacts.body()).contains("+33600000099");
        // a professional does not write the patient's own entries
        HttpResponse<String> byPs = post(http, "Condition", http.softwareToken(Demo.gp()), """
                {"resourceType":"Condition","subject":{"reference":"Patient/%s"},"code":{"text":"x"}}""".formatted(d.id()));
        assertThat(byPs.statusCode()).isEqualTo(403);
        assertThat(byPs.body()).contains("DOC-2");
        // nor does an unauthorised professional read them
        assertThat(http.get("/fhir/Observation?patient=Patient/" + d.id(), http.softwareToken(Demo.person("Gautier").idnps())).statusCode())
                .isEqualTo(403);
    }
}
