package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import health.carnet.audit.AuditRecord;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.support.AuditEntries;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * DOS-7, the complete copy: from the account page, a legal representative downloads the readable
 * PDF and the ZIP (every document's body, the PDF, the FHIR Bundle); {@code Patient/$everything}
 * gives the same Bundle on the API. Each is one gate decision, audited once, and honours the
 * visibility rules: a document hidden from representatives (MIN-3) or not yet announced (DOC-7) is
 * in none of them.
 */
@IntegrationTest
class DossierCopyBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    Dossiers dossiers;
    @Autowired
    DemoSupport support;
    @Autowired
    JdbcClient jdbc;

    @Test
    void dos7_theCopyHoldsWhatItSaysAndNothingHidden_MIN3_DOC7() throws IOException {
        Http http = new Http(port);
        Patients patients = new Patients(http, notifications);
        FreshMinor minor = FreshMinor.create(http, patients, support);
        var dossier = dossiers.find(minor.dossierId()).orElseThrow();
        Map<String, String> idByTitle = new LinkedHashMap<>();
        idByTitle.put("Vaccination ROR", deposit(http, dossier, Mhd.Doc.pdf("Vaccination ROR"), "Vaccination ROR"));
        idByTitle.put("Entretien confidentiel", deposit(http, dossier,
                Mhd.Doc.pdf("Entretien confidentiel").labelled("INVISIBLE_REPRESENTANTS_LEGAUX"), "Entretien confidentiel"));
        idByTitle.put("Resultat a annoncer", deposit(http, dossier, Mhd.Doc.pdf("Resultat a annoncer").labelled("INVISIBLE_PATIENT"),
                "Resultat a annoncer"));
        assertThat(idByTitle).hasSize(3);

        try (Browser b = Browser.phone(port)) {
            minor.login(b, patients, true);
            b.get("/portail/compte");
            b.click("#lien-copie");
            // a representative's page names the child's dossier (MIN-2: "du dossier de Jean", "d'Emma")
            b.awaitTextStartingWith("main h1", "Télécharger une copie du dossier d");
            assertThat(b.textOf("main h1")).endsWith(minor.childGivenNames());
            assertThat(b.text()).contains("Le résumé en PDF").contains("La copie complète (ZIP)");
            b.assertAccessible().assertNoSidewaysScroll().screenshot("portail-41-copie");
            b.get("/portail/fermeture");
            assertThat(b.find("#lien-copie").getAttribute("href")).endsWith("/portail/copie");

            String cookies = b.driver().manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                    .collect(Collectors.joining("; "));
            long before = exports(minor);
            HttpResponse<byte[]> zip = http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/portail/copie/dossier.zip"))
                    .header("Cookie", cookies).GET().build());
            assertThat(zip.statusCode()).isEqualTo(200);
            assertThat(zip.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/zip");
            assertThat(exports(minor)).as("one audit entry for the copy").isEqualTo(before + 1);
            Map<String, byte[]> files = unzip(zip.body());
            assertThat(files.keySet()).containsExactlyInAnyOrder("resume-dossier-medical.pdf", "dossier-fhir.json",
                    "documents/" + java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")) + " Vaccination ROR.pdf");
            byte[] body = files.entrySet().stream().filter(e -> e.getKey().startsWith("documents/")).findFirst().orElseThrow().getValue();
            assertThat(body).isEqualTo(Mhd.pdf("Vaccination ROR"));

            String pdf = pdfText(files.get("resume-dossier-medical.pdf"));
            assertThat(pdf).contains("Copie de mon dossier médical partagé").contains(minor.childGivenNames())
                    .contains("Documents (1)").contains("Vaccination ROR").contains("Historique des accès")
                    .contains("Dr Claire Martin").doesNotContain("Entretien confidentiel").doesNotContain("Resultat a annoncer");

            String json = new String(files.get("dossier-fhir.json"), StandardCharsets.UTF_8);
            assertThat(FhirValidation.errors(json)).isEmpty();
            Bundle copy = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
            assertThat(copy.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
            assertThat(copy.getEntry()).anyMatch(e -> e.getResource() instanceof org.hl7.fhir.r4.model.Patient);
            assertThat(json).contains(idByTitle.get("Vaccination ROR")).doesNotContain(idByTitle.get("Entretien confidentiel"))
                    .doesNotContain(idByTitle.get("Resultat a annoncer"));

            HttpResponse<byte[]> pdfAlone = http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/portail/copie/resume.pdf"))
                    .header("Cookie", cookies).GET().build());
            assertThat(pdfAlone.statusCode()).isEqualTo(200);
            assertThat(pdfText(pdfAlone.body())).contains("Vaccination ROR");
        }

        // the same Bundle on the API: Patient/$everything with the representative's token, one audit entry
        String rep = patients.token(minor.repLogin(), FreshMinor.NEW_PASSWORD, minor.repEmail());
        long before = exports(minor);
        HttpResponse<String> everything = http.get("/fhir/Patient/" + minor.dossierId() + "/$everything", rep);
        assertThat(everything.statusCode()).as(everything.body()).isEqualTo(200);
        assertThat(exports(minor)).isEqualTo(before + 1);
        assertThat(FhirValidation.errors(everything.body())).isEmpty();
        Bundle b = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, everything.body());
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(b.getEntry().stream().filter(e -> e.getResource() instanceof DocumentReference).map(e -> e.getResource().getIdElement().getIdPart()))
                .containsExactly(idByTitle.get("Vaccination ROR"));
        assertThat(everything.body()).doesNotContain(idByTitle.get("Entretien confidentiel")).doesNotContain(idByTitle.get("Resultat a annoncer"));
        assertThat(b.getEntry()).anyMatch(e -> e.getResource() instanceof org.hl7.fhir.r4.model.AuditEvent);

        // a professional, even the one who deposited, is refused the export (the policy grants it to the patient's side only)
        HttpResponse<String> byDoctor = http.get("/fhir/Patient/" + minor.dossierId() + "/$everything", http.softwareToken(Demo.gp()));
        assertThat(byDoctor.statusCode()).isEqualTo(403);
        assertThat(byDoctor.body()).contains("OperationOutcome").doesNotContain("Exception");
    }

    /** ITI-65 by Dr Martin's software, the document titled (its description); the new DocumentReference's id. */
    private static String deposit(Http http, health.carnet.dossier.Dossier d, Mhd.Doc doc, String title) {
        Bundle bundle = Mhd.bundle("Patient/" + d.id(), Demo.gp(), doc);
        ((DocumentReference) bundle.getEntry().get(1).getResource()).setDescription(title);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + http.softwareToken(Demo.gp()))
                .POST(HttpRequest.BodyPublishers.ofString(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(bundle))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Bundle response = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, r.body());
        return response.getEntry().get(1).getResponse().getLocation().split("/")[1];
    }

    private long exports(FreshMinor minor) {
        List<AuditRecord> entries = AuditEntries.of(jdbc, minor.dossierId(), 1000);
        return entries.stream().filter(r -> "EXPORT_DOSSIER".equals(r.action()) && "PERMIT".equals(r.outcome())).count();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    private static String pdfText(byte[] pdf) throws IOException {
        PdfReader reader = new PdfReader(pdf);
        PdfTextExtractor extractor = new PdfTextExtractor(reader);
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= reader.getNumberOfPages(); i++) {
            s.append(extractor.getTextFromPage(i)).append('\n');
        }
        return s.toString();
    }
}
