package health.carnet.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.demo.DemoPatients;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.shared.Ins;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The "done when": a practice software (HAPI's generic client) deposits a PDF and a CDA,
 * finds them, retrieves the exact bytes, replaces one, masks one; the database holds no plaintext.
 */
@IntegrationTest
class MhdDocumentsTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Notifications notifications;
    @Autowired
    JdbcClient jdbc;
    Http http;
    FhirContext ctx = FhirContext.forR4Cached();

    @BeforeEach
    void setUp() {
        http = new Http(port);
        ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    IGenericClient client(String token) {
        IGenericClient c = ctx.newRestfulGenericClient(http.base() + "/fhir");
        c.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return c;
    }

    Dossier dossier(String login) {
        return Demo.dossier(dossiers, login);
    }

    String id(Bundle response, int entry) {
        String location = response.getEntry().get(entry).getResponse().getLocation();
        return location.split("/")[1];
    }

    @Test
    void depositsFindsRetrievesReplacesAndMasksAsAPracticeSoftware() {
        Dossier lea = dossier("lea.petit");
        String doctorToken = http.softwareToken(Demo.gp());
        IGenericClient doctor = client(doctorToken);
        byte[] pdf = Mhd.pdf("compte rendu de consultation, tension 12/8");
        byte[] cda = Mhd.cda("Volet de synthèse médicale: allergie pénicilline");

        Bundle response = doctor.transaction().withBundle(Mhd.bundle("Patient/" + lea.id(), Demo.gp(),
                new Mhd.Doc(pdf, "application/pdf", "11488-4", "Consultation note", "10", null, new String[0]),
                new Mhd.Doc(cda, "text/xml", "60591-5", "Patient summary", "11", null, new String[0]))).execute();
        assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
        assertThat(FhirValidation.errors(response)).isEmpty();
        String pdfId = id(response, 1);
        String cdaId = id(response, 3);

        Bundle found = doctor.search().forResource(DocumentReference.class)
                .where(DocumentReference.PATIENT.hasId("Patient/" + lea.id()))
                .and(DocumentReference.STATUS.exactly().code("current")).returnBundle(Bundle.class).execute();
        assertThat(found.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(pdfId, cdaId);
        assertThat(FhirValidation.errors(found)).isEmpty();

        HttpResponse<byte[]> retrieved = http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Binary/" + pdfId))
                .header("Authorization", "Bearer " + doctorToken).header("Accept", "application/pdf").build());
        assertThat(retrieved.statusCode()).isEqualTo(200);
        assertThat(retrieved.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
        assertThat(retrieved.body()).isEqualTo(pdf);
        HttpResponse<byte[]> cdaBytes = http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Binary/" + cdaId))
                .header("Authorization", "Bearer " + doctorToken).header("Accept", "text/xml").build());
        assertThat(cdaBytes.body()).isEqualTo(cda);

        // replace the PDF: the old version is superseded and stays in history
        byte[] pdf2 = Mhd.pdf("compte rendu corrigé");
        Bundle replaced = doctor.transaction().withBundle(Mhd.bundle("Patient/" + lea.id(), Demo.gp(),
                Mhd.Doc.pdf("x").replacing(pdfId).withBytes(pdf2))).execute();
        String pdf2Id = id(replaced, 1);
        DocumentReference old = doctor.read().resource(DocumentReference.class).withId(pdfId).execute();
        assertThat(old.getStatus()).isEqualTo(Enumerations.DocumentReferenceStatus.SUPERSEDED);
        DocumentReference newer = doctor.read().resource(DocumentReference.class).withId(pdf2Id).execute();
        assertThat(newer.getRelatesToFirstRep().getTarget().getReference()).endsWith(pdfId);
        Bundle current = doctor.search().forResource(DocumentReference.class)
                .where(DocumentReference.PATIENT.hasId("Patient/" + lea.id()))
                .and(DocumentReference.STATUS.exactly().code("current")).returnBundle(Bundle.class).execute();
        assertThat(current.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(pdf2Id).doesNotContain(pdfId);

        // the patient masks the CDA (DOC-5): a professional authorised at a consultation no longer sees it
        String patientToken = new Patients(http, notifications).token("lea.petit");
        HttpResponse<String> masked = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference/" + cdaId))
                .header("Authorization", "Bearer " + patientToken).header("Content-Type", "application/json-patch+json")
                .header("Accept", "application/fhir+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("[{\"op\":\"add\",\"path\":\"/securityLabel/-\",\"value\":"
                        + "{\"coding\":[{\"system\":\"" + DocumentRules.VISIBILITY_SYSTEM + "\",\"code\":\"MASQUE_PS\"}]}}]"))
                .build());
        assertThat(masked.statusCode()).as(masked.body()).isEqualTo(200);
        assertThat(masked.body()).contains("MASQUE_PS");
        String cardiologist = Demo.person("Robert").idnps();
        String cardioToken = http.softwareToken(cardiologist);
        assertThat(http.post("/api/pro/dossiers/" + lea.id() + "/consultation", cardioToken,
                Map.of("carteVitale", DemoPatients.byLogin("lea.petit").carteVitale(), "consentDeclared", true)).statusCode())
                .isEqualTo(201);
        IGenericClient cardio = client(cardioToken);
        Bundle seenByCardio = cardio.search().forResource(DocumentReference.class)
                .where(DocumentReference.PATIENT.hasId("Patient/" + lea.id())).returnBundle(Bundle.class).execute();
        assertThat(seenByCardio.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .contains(pdf2Id).doesNotContain(cdaId);
        assertThatThrownBy(() -> cardio.read().resource(DocumentReference.class).withId(cdaId).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        // the author (also médecin traitant) still sees it
        assertThat(doctor.read().resource(DocumentReference.class).withId(cdaId).execute().getSecurityLabel())
                .anyMatch(l -> l.getCodingFirstRep().getCode().equals("MASQUE_PS"));

        // no plaintext of either document in the database
        List<byte[]> contents = jdbc.sql("select content from document_content").query(byte[].class).list();
        List<byte[]> metadata = jdbc.sql("select metadata from document").query(byte[].class).list();
        for (byte[] stored : contents) {
            String s = new String(stored, StandardCharsets.ISO_8859_1);
            assertThat(s).doesNotContain("%PDF").doesNotContain("ClinicalDocument").doesNotContain("tension");
        }
        for (byte[] stored : metadata) {
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("DocumentReference").doesNotContain("11488-4");
        }
        // DOC-8: the patient was told, without medical detail
        assertThat(notifications.latestTo(DemoPatients.byLogin("lea.petit").email(), 30))
                .filteredOn(m -> m.kind().equals("DOCUMENT_DEPOSITED")).isNotEmpty()
                .allSatisfy(m -> assertThat(m.body()).doesNotContain("Consultation").doesNotContain("synthèse"));
    }

    @Test
    void iti67PagesWithCountAndNextLinks() {
        Dossier chloe = dossier("chloe.lambert");
        IGenericClient doctor = client(http.softwareToken(Demo.gp()));
        // other tests (and this one in the S3 store's context) deposit into Chloé's dossier too: count what is there
        int before = doctor.search().forResource(DocumentReference.class).where(DocumentReference.PATIENT.hasId("Patient/" + chloe.id()))
                .count(100).returnBundle(Bundle.class).execute().getEntry().size();
        int setsBefore = Http.json(http.get("/fhir/List?patient=Patient/" + chloe.id() + "&code=submissionset&_count=100",
                http.softwareToken(Demo.gp()))).path("entry").size();
        java.util.List<String> added = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Bundle r = doctor.transaction().withBundle(Mhd.bundle("Patient/" + chloe.id(), Demo.gp(), Mhd.Doc.pdf("a" + i),
                    Mhd.Doc.pdf("b" + i))).execute();
            added.add(r.getEntry().get(1).getResponse().getLocation().split("/")[1]);
            added.add(r.getEntry().get(3).getResponse().getLocation().split("/")[1]);
        }
        Bundle page = doctor.search().forResource(DocumentReference.class)
                .where(DocumentReference.PATIENT.hasId("Patient/" + chloe.id())).count(4).returnBundle(Bundle.class).execute();
        int total = 0;
        int pages = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (true) {
            pages++;
            total += page.getEntry().size();
            page.getEntry().forEach(e -> assertThat(seen.add(e.getResource().getIdElement().getIdPart())).isTrue());
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                assertThat(page.getEntry()).hasSizeBetween(1, 4);
                break;
            }
            assertThat(page.getEntry()).hasSize(4);
            page = doctor.loadPage().next(page).execute();
        }
        assertThat(total).isEqualTo(before + 6);
        assertThat(pages).isEqualTo((before + 6 + 3) / 4);
        // by INS, as PDSm consumers search
        HttpResponse<String> byIns = http.get("/fhir/DocumentReference?patient.identifier=" + Ins.INS_NIR_SYSTEM + "%7C"
                + chloe.ins().value() + "&_count=50", http.softwareToken(Demo.gp()));
        assertThat(byIns.statusCode()).isEqualTo(200);
        assertThat(Http.json(byIns).get("entry")).hasSize(before + 6);
        // by author, as a reference or by its IDNPS: the six just deposited are among the GP's, none is Dr Bernard's
        String gpToken = http.softwareToken(Demo.gp());
        java.util.List<String> byGp = new java.util.ArrayList<>();
        Http.json(http.get("/fhir/DocumentReference?patient=Patient/" + chloe.id() + "&author=Practitioner/" + Demo.gp()
                + "&_count=50", gpToken)).get("entry").forEach(e -> byGp.add(e.at("/resource/id").asText()));
        assertThat(byGp).containsAll(added);
        assertThat(Http.json(http.get("/fhir/DocumentReference?patient=Patient/" + chloe.id() + "&author.identifier="
                + "urn:oid:1.2.250.1.71.4.2.1%7C" + Demo.person("Bernard").idnps(), gpToken)).get("entry")).isNull();
        // ITI-66: three more submission sets
        HttpResponse<String> lists = http.get("/fhir/List?patient=Patient/" + chloe.id() + "&code=submissionset&_count=100",
                http.softwareToken(Demo.gp()));
        assertThat(Http.json(lists).get("entry")).hasSize(setsBefore + 3);
        assertThat(FhirValidation.errors(lists.body())).isEmpty();
    }

    @Test
    void theAuthorOrThePatientDeletesADocument() {
        Dossier marc = dossier("marc.fontaine");
        IGenericClient doctor = client(http.softwareToken(Demo.gp()));
        Bundle r = doctor.transaction().withBundle(Mhd.bundle("Patient/" + marc.id(), Demo.gp(), Mhd.Doc.pdf("to delete"))).execute();
        String docId = id(r, 1);
        MethodOutcome deleted = doctor.delete().resourceById("DocumentReference", docId).execute();
        assertThat(deleted).isNotNull();
        DocumentReference after = doctor.read().resource(DocumentReference.class).withId(docId).execute();
        assertThat(after.getStatus()).isEqualTo(Enumerations.DocumentReferenceStatus.ENTEREDINERROR);
        assertThat(http.get("/fhir/Binary/" + docId, http.softwareToken(Demo.gp())).statusCode()).isEqualTo(410);
    }

    @Test
    void aDocumentInvisibleToThePatientAppearsWhenTheAuthorReleasesIt() {
        Dossier ines = dossier("ines.rousseau");
        String doctorToken = http.softwareToken(Demo.gp());
        Bundle r = client(doctorToken).transaction().withBundle(Mhd.bundle("Patient/" + ines.id(), Demo.gp(),
                Mhd.Doc.pdf("résultat à annoncer").labelled("INVISIBLE_PATIENT"))).execute();
        String docId = id(r, 1);
        String patientToken = new Patients(http, notifications).token("ines.rousseau");
        assertThat(http.get("/fhir/DocumentReference/" + docId, patientToken).statusCode()).isEqualTo(404);
        HttpResponse<String> release = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference/" + docId))
                .header("Authorization", "Bearer " + doctorToken).header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("[{\"op\":\"remove\",\"path\":\"/securityLabel/1\"}]")).build());
        assertThat(release.statusCode()).as(release.body()).isEqualTo(200);
        assertThat(http.get("/fhir/DocumentReference/" + docId, patientToken).statusCode()).isEqualTo(200);
    }

    @Test
    void theDatabaseKeepsNoPlaintextPatchChangesOnlyLabels() {
        Dossier marc = dossier("marc.fontaine");
        String doctorToken = http.softwareToken(Demo.gp());
        Bundle r = client(doctorToken).transaction().withBundle(Mhd.bundle("Patient/" + marc.id(), Demo.gp(), Mhd.Doc.pdf("p"))).execute();
        String docId = id(r, 1);
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference/" + docId))
                .header("Authorization", "Bearer " + doctorToken).header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"superseded\"}]"))
                .build());
        assertThat(wrong.statusCode()).isEqualTo(422);
        // a professional may not mask: that is the patient's choice (DOC-5)
        HttpResponse<String> mask = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference/" + docId))
                .header("Authorization", "Bearer " + doctorToken).header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("[{\"op\":\"add\",\"path\":\"/securityLabel/-\",\"value\":"
                        + "{\"coding\":[{\"system\":\"" + DocumentRules.VISIBILITY_SYSTEM + "\",\"code\":\"MASQUE_PS\"}]}}]")).build());
        assertThat(mask.statusCode()).isEqualTo(403);
        assertThat(mask.body()).contains("DOC-5");
    }
}
