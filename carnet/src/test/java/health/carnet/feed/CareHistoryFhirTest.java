package health.carnet.feed;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.demo.DemoPatients;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import health.carnet.support.Tokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * FEED-4 over the wire: the insurer pushes claims (and nothing else, ACC-1); the patient and the
 * professionals the policy allows read them as ExplanationOfBenefit, professionals without
 * amounts and without the kinds the patient hid; search by type, date of care, _since, with
 * cursor paging.
 */
@IntegrationTest
class CareHistoryFhirTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Notifications notifications;
    @Autowired
    JdbcClient jdbc;

    private HttpResponse<String> upload(Http http, String token, String body) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/feed/import?name=test.csv"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String insurerToken(Http http) {
        HttpResponse<String> r = http.tokenResponse("cnam-feed", "demo-insurer-secret", "feed");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r).get("access_token").asText();
    }

    private Bundle search(Http http, String token, String query) {
        HttpResponse<String> r = http.get("/fhir/ExplanationOfBenefit?" + query, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, r.body());
    }

    private static List<String> ids(Bundle b) {
        return b.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    @Test
    void theInsurerPushesAndThePatientAndHerDoctorReadAsTheRulesSay() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "chloe.lambert");
        String nir = DemoPatients.byLogin("chloe.lambert").nir();
        String insurer = insurerToken(http);
        String cons = ClaimFiles.id("fhir");
        String med = ClaimFiles.id("fhir");
        String lab = ClaimFiles.id("fhir");
        HttpResponse<String> pushed = upload(http, insurer, String.join("\n", ClaimFiles.HEADER,
                ClaimFiles.consultation(cons, nir, ClaimFiles.daysAgo(40)), ClaimFiles.medicine(med, nir, ClaimFiles.daysAgo(39)),
                ClaimFiles.lab(lab, nir, ClaimFiles.daysAgo(38)), "broken;line") + "\n");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(Http.json(pushed).get("stored").asLong()).isEqualTo(3);
        assertThat(Http.json(pushed).get("rejections").get(0).get("line").asLong()).isEqualTo(5);

        // ACC-1: the insurer reads nothing, not even what it pushed
        assertThat(http.get("/fhir/ExplanationOfBenefit?patient=Patient/" + d.id(), insurer).statusCode()).isEqualTo(403);
        assertThat(http.get("/fhir/DocumentReference?patient=Patient/" + d.id(), insurer).statusCode()).isEqualTo(403);
        // the identity read answers as for a patient it may not know of (not found) or refuses: never 200
        assertThat(http.get("/fhir/Patient/" + d.id(), insurer).statusCode()).isIn(403, 404);
        // and only the insurer pushes
        String gp = http.softwareToken(Demo.gp());
        assertThat(upload(http, gp, ClaimFiles.HEADER + "\n").statusCode()).isEqualTo(403);
        assertThat(upload(http, Tokens.forRole("810000000017", "MUTUELLE", "TREAT"), ClaimFiles.HEADER + "\n").statusCode())
                .isEqualTo(403);

        // the patient: everything, with amounts
        Patients patients = new Patients(http, notifications);
        String patient = patients.token("chloe.lambert");
        Bundle mine = search(http, patient, "patient=Patient/" + d.id() + "&service-date=ge" + ClaimFiles.daysAgo(41)
                + "&service-date=le" + ClaimFiles.daysAgo(37));
        assertThat(ids(mine)).containsExactly(lab, med, cons);
        ExplanationOfBenefit m = (ExplanationOfBenefit) mine.getEntry().get(1).getResource();
        assertThat(m.getType().getCodingFirstRep().getCode()).isEqualTo("pharmacy");
        assertThat(m.getItemFirstRep().getProductOrService().getCoding()).extracting(c -> c.getCode()).contains("C10AA05");
        assertThat(m.getTotal()).isNotEmpty();

        // her médecin traitant: the same entries, without amounts (FEED-4)
        Bundle doctor = search(http, gp, "patient=Patient/" + d.id() + "&service-date=ge" + ClaimFiles.daysAgo(41));
        assertThat(ids(doctor)).contains(lab, med, cons);
        assertThat(doctor.getEntry()).allSatisfy(e -> {
            ExplanationOfBenefit eob = (ExplanationOfBenefit) e.getResource();
            assertThat(eob.getTotal()).isEmpty();
            assertThat(eob.getItemFirstRep().getAdjudication()).isEmpty();
        });
        assertThat(http.get("/fhir/ExplanationOfBenefit/" + med, gp).body()).doesNotContain("\"total\"").contains("C10AA05");

        // by type: CARIN's claim type or Carnet's kind
        assertThat(ids(search(http, patient, "patient=Patient/" + d.id() + "&type=pharmacy"))).contains(med).doesNotContain(cons, lab);
        assertThat(ids(search(http, patient, "patient=Patient/" + d.id() + "&type=LAB"))).contains(lab).doesNotContain(cons, med);

        // FEED-4: the patient hides medicines from professionals; she still sees them
        HttpResponse<String> hide = http.put("/api/dossiers/" + d.id() + "/care-history/settings", patient,
                Map.of("hiddenKinds", List.of("MEDICINE")));
        assertThat(hide.statusCode()).as(hide.body()).isEqualTo(200);
        assertThat(ids(search(http, gp, "patient=Patient/" + d.id()))).contains(cons, lab).doesNotContain(med);
        assertThat(http.get("/fhir/ExplanationOfBenefit/" + med, gp).statusCode()).isEqualTo(404);
        assertThat(ids(search(http, patient, "patient=Patient/" + d.id()))).contains(med);
        // a professional does not change the patient's setting
        assertThat(http.put("/api/dossiers/" + d.id() + "/care-history/settings", gp, Map.of("hiddenKinds", List.of())).statusCode())
                .isEqualTo(403);
        assertThat(http.put("/api/dossiers/" + d.id() + "/care-history/settings", patient,
                Map.of("hiddenKinds", List.of())).statusCode()).isEqualTo(200);

        // ACC-2: a professional the patient did not authorise reads nothing
        assertThat(http.get("/fhir/ExplanationOfBenefit?patient=Patient/" + d.id(), http.softwareToken(Demo.person("Bernard").idnps()))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void cursorPagingWalksTheWholeHistoryOnceAndSinceReturnsOnlyWhatChanged() throws Exception {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "marc.fontaine");
        String nir = DemoPatients.byLogin("marc.fontaine").nir();
        String insurer = insurerToken(http);
        List<String> lines = new ArrayList<>(List.of(ClaimFiles.HEADER));
        List<String> pushedIds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = ClaimFiles.id("page");
            pushedIds.add(id);
            // two claims on some days: the cursor must tell them apart by id
            lines.add(ClaimFiles.consultation(id, nir, ClaimFiles.daysAgo(200 + i / 2)));
        }
        assertThat(upload(http, insurer, String.join("\n", lines) + "\n").statusCode()).isEqualTo(200);
        String patient = new Patients(http, notifications).token("marc.fontaine");

        List<String> seen = new ArrayList<>();
        String next = "/fhir/ExplanationOfBenefit?patient=Patient/" + d.id() + "&service-date=le" + ClaimFiles.daysAgo(200)
                + "&service-date=ge" + ClaimFiles.daysAgo(203) + "&_count=3";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> r = http.get(next.substring(next.indexOf("/fhir")), patient);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Bundle b = FHIR.newJsonParser().parseResource(Bundle.class, r.body());
            seen.addAll(ids(b));
            next = b.getLink("next") == null ? null : b.getLink("next").getUrl();
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(pushedIds).doesNotHaveDuplicates();

        Thread.sleep(20);
        String since = java.time.Instant.now().toString();
        Thread.sleep(20);
        String corrected = lines.get(1).replace(";30.00;", ";35.00;");
        assertThat(upload(http, insurer, ClaimFiles.HEADER + "\n" + corrected + "\n").statusCode()).isEqualTo(200);
        Bundle changed = search(http, patient, "patient=Patient/" + d.id() + "&_since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
        assertThat(ids(changed)).containsExactly(pushedIds.get(0));
        assertThat(changed.getEntryFirstRep().getResource().getMeta().getVersionId()).isEqualTo("2");
        Bundle lastUpdated = search(http, patient, "patient=Patient/" + d.id() + "&_lastUpdated=ge"
                + URLEncoder.encode(since, StandardCharsets.UTF_8));
        assertThat(ids(lastUpdated)).containsExactly(pushedIds.get(0));
        // a forged cursor is a clear 400
        assertThat(http.get("/fhir/ExplanationOfBenefit?patient=Patient/" + d.id() + "&_cursor=bm9wZQ", patient).statusCode())
                .isEqualTo(400);
    }

    /**
     * Issue #15 (FEED-4): ExplanationOfBenefit/{id} names the insurer's claim id alone; its dossier
     * comes from feed_claim_locator (one routed look-up, not every shard), then the claim is read in
     * that dossier only. With the locator naming another dossier, or none, the entry is not found (404,
     * as an unknown id); a kind the patient hid stays 404 for a professional.
     */
    @Test
    void aClaimNamedByItsIdAloneIsFoundThroughItsLocatorInItsOwnDossierOnly() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "chloe.lambert");
        String nir = DemoPatients.byLogin("chloe.lambert").nir();
        String claim = ClaimFiles.id("locator");
        HttpResponse<String> pushed = upload(http, insurerToken(http), String.join("\n", ClaimFiles.HEADER,
                ClaimFiles.consultation(claim, nir, ClaimFiles.daysAgo(33))) + "\n");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(jdbc.sql("select dossier_id from feed_claim_locator where claim_id = ?").param(claim).query(java.util.UUID.class).list())
                .containsExactly(d.id());
        String patient = new Patients(http, notifications).token("chloe.lambert");
        String gp = http.softwareToken(Demo.gp());
        assertThat(http.get("/fhir/ExplanationOfBenefit/" + claim, patient).statusCode()).isEqualTo(200);
        assertThat(http.get("/fhir/ExplanationOfBenefit/" + claim, gp).statusCode()).isEqualTo(200);
        assertThat(http.get("/fhir/ExplanationOfBenefit/" + ClaimFiles.id("unknown"), gp).statusCode()).isEqualTo(404);

        // another dossier the GP may read (one of the demo's): the claim is not in it
        Dossier other = Demo.dossier(dossiers, "lea.petit");
        assertThat(http.get("/fhir/ExplanationOfBenefit?patient=Patient/" + other.id(), gp).statusCode()).isEqualTo(200);
        jdbc.sql("update feed_claim_locator set dossier_id = ? where claim_id = ?").params(other.id(), claim).update();
        assertThat(http.get("/fhir/ExplanationOfBenefit/" + claim, gp).statusCode()).as("the read names the locator's dossier")
                .isEqualTo(404);
        jdbc.sql("delete from feed_claim_locator where claim_id = ?").param(claim).update();
        assertThat(http.get("/fhir/ExplanationOfBenefit/" + claim, patient).statusCode()).as("no locator, no entry").isEqualTo(404);

        jdbc.sql("insert into feed_claim_locator (claim_id, dossier_id) values (?, ?)").params(claim, d.id()).update();
        assertThat(http.get("/fhir/ExplanationOfBenefit/" + claim, patient).statusCode()).isEqualTo(200);
    }

    @Test
    void theCapabilityStatementDeclaresTheCareHistorySearch() {
        Http http = new Http(port);
        CapabilityStatement cs = FHIR.newJsonParser().parseResource(CapabilityStatement.class, http.get("/fhir/metadata", null).body());
        var eob = cs.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals("ExplanationOfBenefit")).findFirst()
                .orElseThrow();
        assertThat(eob.getSearchParam()).extracting(p -> p.getName()).contains("patient", "type", "service-date", "_lastUpdated",
                "_since");
    }
}
