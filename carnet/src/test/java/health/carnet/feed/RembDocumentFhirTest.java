package health.carnet.feed;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import health.carnet.demo.DemoPatients;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * FEED-4: the care history as the dossier's REMB document "Données de remboursement"
 * (TRE_A05-TypeDocComplementaire, class 60) in the ITI-67 list, read with HAPI's client: one
 * current version, replaced after each import touching the dossier, retrieved (ITI-68) as French
 * text without amounts, the kinds the patient hid absent; who reads it is the gate's (ACC-2).
 */
@IntegrationTest
class RembDocumentFhirTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Notifications notifications;

    private IGenericClient client(Http http, String token) {
        IGenericClient c = FHIR.newRestfulGenericClient(http.base() + "/fhir");
        c.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return c;
    }

    private static Bundle rembs(IGenericClient c, Dossier d) {
        return c.search().byUrl("DocumentReference?patient=Patient/" + d.id() + "&type=REMB&status=current")
                .returnBundle(Bundle.class).execute();
    }

    private static String retrieve(Http http, String token, DocumentReference doc) {
        HttpResponse<byte[]> r = http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/"
                + doc.getContentFirstRep().getAttachment().getUrl())).header("Authorization", "Bearer " + token)
                .header("Accept", "text/plain").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> upload(Http http, String body) {
        String insurer = Http.json(http.tokenResponse("cnam-feed", "demo-insurer-secret", "feed")).get("access_token").asText();
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/feed/import?name=remb.csv"))
                .header("Authorization", "Bearer " + insurer).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void feed4TheHistoryIsTheRembDocumentOfTheIti67ListReplacedAfterEachImport() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "chloe.lambert");
        String nir = DemoPatients.byLogin("chloe.lambert").nir();
        String consultation = "Consultation " + ClaimFiles.id("remb");
        String medicine = "Atorvastatine " + ClaimFiles.id("remb");
        HttpResponse<String> first = upload(http, String.join("\n", ClaimFiles.HEADER,
                ClaimFiles.consultation(ClaimFiles.id("remb"), nir, ClaimFiles.daysAgo(60)).replace("Consultation de médecine générale", consultation),
                ClaimFiles.medicine(ClaimFiles.id("remb"), nir, ClaimFiles.daysAgo(59)).replace("Atorvastatine 20 mg, 30 comprimés", medicine)) + "\n");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        String patient = new Patients(http, notifications).token("chloe.lambert");
        String gp = http.softwareToken(Demo.gp());

        // ITI-67 for the patient: exactly one current REMB, of the French value sets, valid FHIR
        Bundle mine = rembs(client(http, patient), d);
        assertThat(mine.getEntry()).hasSize(1);
        DocumentReference remb = (DocumentReference) mine.getEntryFirstRep().getResource();
        assertThat(remb.getType().getCodingFirstRep().getSystem()).isEqualTo("urn:oid:1.2.250.1.213.1.1.4.12");
        assertThat(remb.getType().getCodingFirstRep().getCode()).isEqualTo("REMB");
        assertThat(remb.getType().getCodingFirstRep().getDisplay()).isEqualTo("Données de remboursement");
        assertThat(remb.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("60");
        assertThat(remb.getAuthorFirstRep().getDisplay()).isEqualTo("Assurance Maladie");
        assertThat(FhirValidation.errors(remb)).isEmpty();
        // ITI-67 read by id gives the same document
        DocumentReference read = client(http, patient).read().resource(DocumentReference.class).withId(remb.getIdElement().getIdPart())
                .execute();
        assertThat(read.getMasterIdentifier().getValue()).isEqualTo(remb.getMasterIdentifier().getValue());
        // ITI-68: French text rendered from the same entries, without amounts
        String text = retrieve(http, patient, remb);
        assertThat(text).startsWith("DONNÉES DE REMBOURSEMENT").contains(consultation).contains(medicine)
                .doesNotContain("21.00").doesNotContain("21,00").doesNotContain("10.01");
        assertThat(remb.getContentFirstRep().getAttachment().getSize()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);

        // her médecin traitant finds the same document
        Bundle doctor = rembs(client(http, gp), d);
        assertThat(doctor.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(remb.getIdElement().getIdPart());
        assertThat(retrieve(http, gp, (DocumentReference) doctor.getEntryFirstRep().getResource())).contains(consultation, medicine);

        // a later import touching the dossier replaces it: the old version is superseded
        String lab = "Hémogramme " + ClaimFiles.id("remb");
        String labFile = String.join("\n", ClaimFiles.HEADER,
                ClaimFiles.lab(ClaimFiles.id("remb"), nir, ClaimFiles.daysAgo(10)).replace("Hémogramme", lab)) + "\n";
        assertThat(upload(http, labFile).statusCode()).isEqualTo(200);
        Bundle after = rembs(client(http, patient), d);
        assertThat(after.getEntry()).hasSize(1);
        DocumentReference second = (DocumentReference) after.getEntryFirstRep().getResource();
        assertThat(second.getIdElement().getIdPart()).isNotEqualTo(remb.getIdElement().getIdPart());
        assertThat(client(http, patient).read().resource(DocumentReference.class).withId(remb.getIdElement().getIdPart()).execute()
                .getStatus().toCode()).isEqualTo("superseded");
        assertThat(retrieve(http, patient, second)).contains(lab, consultation, medicine);
        // DOC-3/DOC-4: the new version names the one it replaces, as an ITI-65 replacement does
        assertThat(second.getRelatesTo()).hasSize(1);
        assertThat(second.getRelatesToFirstRep().getCode().toCode()).isEqualTo("replaces");
        assertThat(second.getRelatesToFirstRep().getTarget().getReference()).isEqualTo("DocumentReference/" + remb.getIdElement().getIdPart());
        assertThat(FhirValidation.errors(second)).isEmpty();
        // the same import again changes nothing: no new version
        assertThat(Http.json(upload(http, labFile)).get("unchanged").asLong()).isEqualTo(1);
        DocumentReference third = (DocumentReference) rembs(client(http, patient), d).getEntryFirstRep().getResource();
        assertThat(third.getIdElement().getIdPart()).isEqualTo(second.getIdElement().getIdPart());

        // FEED-4: the patient hides medicines from professionals; the document professionals read loses them at once
        try {
            assertThat(http.put("/api/dossiers/" + d.id() + "/care-history/settings", patient,
                    Map.of("hiddenKinds", List.of("MEDICINE"))).statusCode()).isEqualTo(200);
            DocumentReference hidden = (DocumentReference) rembs(client(http, gp), d).getEntryFirstRep().getResource();
            String seen = retrieve(http, gp, hidden);
            assertThat(seen).contains(consultation, lab).doesNotContain(medicine).contains("Médicament délivré");
        } finally {
            http.put("/api/dossiers/" + d.id() + "/care-history/settings", patient, Map.of("hiddenKinds", List.of()));
        }
        assertThat(retrieve(http, gp, (DocumentReference) rembs(client(http, gp), d).getEntryFirstRep().getResource())).contains(medicine);

        // ACC-2: a professional the patient did not authorise finds nothing
        IGenericClient stranger = client(http, http.softwareToken(Demo.person("Bernard").idnps()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rembs(stranger, d)).isInstanceOf(ForbiddenOperationException.class);
    }
}
