package health.carnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.feed.ImportReport;
import health.carnet.feed.internal.Importer;
import health.carnet.notification.Notifications;
import health.carnet.support.Demo;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * DOS-7 {@code Patient/$everything} with the FHIR operation's parameters, for the patient's own
 * token: {@code _count} pages with a next link that walks the whole copy once (same resources as
 * the unpaged call, no duplicates, the total on every page); {@code _type}; {@code _since};
 * {@code start}/{@code end} on dates of care; a document hidden from the patient (DOC-7,
 * INVISIBLE_PATIENT) in no page and no total; bad parameters answered 400 with an OperationOutcome.
 */
@IntegrationTest
class EverythingParametersTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    Importer importer;

    @Test
    void dos7EverythingPagesFiltersByTypeSinceAndCareDatesAndKeepsHiddenDocumentsOut() throws Exception {
        Http http = new Http(port);
        Patients patients = new Patients(http, notifications);
        Fresh f = Fresh.patient(http, patients, support);
        String gp = http.softwareToken(Demo.gp());
        assertThat(http.post("/api/pro/dossiers/" + f.dossierId() + "/consultation", gp,
                Map.of("carteVitale", f.carteVitale(), "consentDeclared", true)).statusCode()).isLessThan(300);
        String token = patients.token(f.login(), f.initialPassword(), f.email());
        assertThat(http.post("/api/me/password", token, Map.of("current", f.initialPassword(), "next", "Copie-complete-2026"))
                .statusCode()).isEqualTo(204);

        String first = deposit(http, gp, f.dossierId(), Mhd.Doc.pdf("Compte rendu un"));
        String hidden = deposit(http, gp, f.dossierId(), Mhd.Doc.pdf("Resultat a annoncer").labelled("INVISIBLE_PATIENT"));
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        String tag = Long.toString(System.nanoTime());
        String csv = String.join("\n",
                "claim_id;nir;service_date;kind;code;atc;label;quantity;performer_rpps;performer_name;performer_specialty;"
                        + "prescriber_rpps;prescriber_name;prescriber_specialty;amount_charged;amount_reimbursed",
                String.join(";", "ev-old-" + tag, f.nir(), today.minusDays(200).toString(), "CONSULTATION", "G", "",
                        "Consultation ancienne", "1", "10000000017", "Dr Claire Martin", "SM54", "", "", "", "30.00", "21.00"),
                String.join(";", "ev-mid-" + tag, f.nir(), today.minusDays(100).toString(), "CONSULTATION", "G", "",
                        "Consultation du milieu", "1", "10000000017", "Dr Claire Martin", "SM54", "", "", "", "30.00", "21.00"),
                String.join(";", "ev-new-" + tag, f.nir(), today.minusDays(10).toString(), "CONSULTATION", "G", "",
                        "Consultation recente", "1", "10000000017", "Dr Claire Martin", "SM54", "", "", "", "30.00", "21.00")) + "\n";
        ImportReport r = importer.importStream(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "ev-" + tag + ".csv", null);
        importer.awaitDocuments();   // the REMB documents are filed in the background (FEED-4)
        assertThat(r.stored()).as(r.summary()).isEqualTo(3);
        Thread.sleep(20); // _since below falls strictly between the first deposits and the last one
        Instant between = Instant.now();
        Thread.sleep(20);
        String last = deposit(http, gp, f.dossierId(), Mhd.Doc.pdf("Compte rendu deux"));

        String path = "/fhir/Patient/" + f.dossierId() + "/$everything";
        Bundle whole = bundle(http.get(path, token));
        Set<String> all = keys(whole);
        assertThat(all).contains("DocumentReference/" + first, "DocumentReference/" + last)
                .doesNotContain("DocumentReference/" + hidden);

        // _count: pages of 7 with a next link, walking the same copy once, the total on each page
        List<String> walked = new ArrayList<>();
        Bundle page = bundle(http.get(path + "?_count=7", token));
        assertThat(page.getEntryFirstRep().getResource()).isInstanceOf(Patient.class);
        int pages = 0;
        while (true) {
            pages++;
            assertThat(page.getEntry().size()).isLessThanOrEqualTo(7);
            assertThat(page.getTotal()).as("one state for the whole walk").isEqualTo(total(page, pages, walked));
            page.getEntry().forEach(e -> walked.add(e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart()));
            if (page.getLink("next") == null) {
                break;
            }
            String next = page.getLink("next").getUrl();
            assertThat(next).contains("_count=7").contains("_offset=").contains("_snapshot=");
            page = bundle(http.get(next.substring(next.indexOf("/fhir")), token));
            assertThat(page.getLink("previous")).isNotNull();
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(walked).doesNotHaveDuplicates().hasSize(page.getTotal()).containsAll(all);
        // what the walk has beyond the unpaged copy made before it: only that copy's own access (AUD-1)
        assertThat(walked).filteredOn(k -> !all.contains(k)).allMatch(k -> k.startsWith("AuditEvent/"));
        assertThat(walked).doesNotContain("DocumentReference/" + hidden);

        // _type: only the documents (the hidden one still out)
        Bundle docs = bundle(http.get(path + "?_type=DocumentReference", token));
        assertThat(docs.getEntry()).allMatch(e -> e.getResource() instanceof DocumentReference);
        assertThat(keys(docs)).contains("DocumentReference/" + first, "DocumentReference/" + last)
                .doesNotContain("DocumentReference/" + hidden);
        assertThat(docs.getTotal()).isEqualTo(docs.getEntry().size());
        Bundle two = bundle(http.get(path + "?_type=Patient,ExplanationOfBenefit", token));
        assertThat(two.getEntry()).allMatch(e -> e.getResource() instanceof Patient || e.getResource() instanceof ExplanationOfBenefit)
                .anyMatch(e -> e.getResource() instanceof Patient);
        assertThat(two.getEntry()).filteredOn(e -> e.getResource() instanceof ExplanationOfBenefit).hasSize(3);

        assertThat(bundle(http.get(path + "?_type=Encounter", token)).getEntry()).isEmpty();

        // start/end: the claims by date of care
        Bundle mid = bundle(http.get(path + "?_type=ExplanationOfBenefit&start=" + today.minusDays(150) + "&end=" + today.minusDays(50), token));
        assertThat(mid.getEntry()).hasSize(1);
        assertThat(FHIR.newJsonParser().encodeResourceToString(mid)).contains("Consultation du milieu")
                .doesNotContain("Consultation ancienne").doesNotContain("Consultation recente");
        Bundle fromMid = bundle(http.get(path + "?_type=ExplanationOfBenefit&start=" + today.minusDays(150), token));
        assertThat(fromMid.getEntry()).hasSize(2);

        // _since: the later deposit, not the earlier ones; the patient always comes with it
        Bundle since = bundle(http.get(path + "?_since=" + between.toString(), token));
        assertThat(keys(since)).contains("DocumentReference/" + last).doesNotContain("DocumentReference/" + first)
                .doesNotContain("DocumentReference/" + hidden).contains("Patient/" + f.dossierId());
        assertThat(since.getEntry()).noneMatch(e -> e.getResource() instanceof ExplanationOfBenefit);

        // bad parameters: 400, an OperationOutcome saying what to fix, nothing internal
        for (String bad : List.of("_count=abc", "_count=-1", "_type=Nothing", "start=2026-13-45", "_since=hier",
                "start=" + today + "&end=" + today.minusDays(1), "_offset=x")) {
            HttpResponse<String> refused = http.get(path + "?" + bad, token);
            assertThat(refused.statusCode()).as(bad + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("OperationOutcome").doesNotContain("Exception").doesNotContain("health.carnet");
        }
        // a professional is still refused the copy
        assertThat(http.get(path + "?_count=5", gp).statusCode()).isEqualTo(403);
    }

    private int firstTotal = -1;

    /** The total the first page gave: every later page of the walk gives the same. */
    private int total(Bundle page, int pages, List<String> walked) {
        if (pages == 1) {
            firstTotal = page.getTotal();
        }
        return firstTotal;
    }

    private static Bundle bundle(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Bundle b = FHIR.newJsonParser().parseResource(Bundle.class, r.body());
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        return b;
    }

    private static Set<String> keys(Bundle b) {
        Set<String> out = new HashSet<>();
        b.getEntry().forEach(e -> out.add(e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart()));
        return out;
    }

    /** ITI-65 by Dr Martin's software; the new DocumentReference's id. */
    private static String deposit(Http http, String token, String dossierId, Mhd.Doc doc) {
        Bundle bundle = Mhd.bundle("Patient/" + dossierId, Demo.gp(), doc);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(bundle))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Bundle response = FHIR.newJsonParser().parseResource(Bundle.class, r.body());
        return response.getEntry().get(1).getResponse().getLocation().split("/")[1];
    }
}
