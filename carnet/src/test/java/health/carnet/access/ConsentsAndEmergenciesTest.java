package health.carnet.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.audit.AuditTrail;
import health.carnet.demo.DemoPatients;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.support.AuditEntries;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Consents on FHIR (IHE PCF), emergencies and the history, walked through the API with real tokens:
 * ACC-2..ACC-6, EMG-1, EMG-2, AUD-1..AUD-4, NOT-1.
 */
@IntegrationTest
class ConsentsAndEmergenciesTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Notifications notifications;
    @Autowired
    AuditTrail audit;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    Http http;
    Patients patients;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        patients = new Patients(http, notifications);
    }

    Dossier dossier(String login) {
        return Demo.dossier(dossiers, login);
    }

    HttpResponse<String> postFhir(String path, String token, String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + "/fhir" + path))
                .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return http.send(b.build());
    }

    HttpResponse<String> delete(String path, String token) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir" + path)).header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + token).DELETE().build());
    }

    static String consent(Dossier d, String kind, String actorRef, String reason) {
        return """
                {"resourceType":"Consent","status":"active",
                 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
                 "category":[{"coding":[{"system":"https://carnet.health/fhir/CodeSystem/consent-kind","code":"%s"}]}],
                 "patient":{"reference":"Patient/%s"},
                 "provision":{"type":"%s"%s%s}}""".formatted(kind, d.id(), kind.startsWith("AUTHORISE") || kind.equals("EXTENDED_RIGHTS") ? "permit" : "deny",
                actorRef == null ? "" : ",\"actor\":[{\"reference\":{\"reference\":\"" + actorRef + "\"}}]",
                reason == null ? "" : ",\"code\":[{\"text\":\"" + reason + "\"}]");
    }

    String deposit(Dossier d, String token) {
        HttpResponse<String> r = postFhir("", token, FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                Mhd.bundle("Patient/" + d.id(), Demo.gp(), Mhd.Doc.pdf("note"))), Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r).at("/entry/1/response/location").asText().split("/")[1];
    }

    @Test
    void thePatientAuthorisesAProfessionalThenWithdrawsAndItTakesEffectAtTheNextRequest() {
        Dossier d = dossier("marc.fontaine");
        String patient = patients.token("marc.fontaine");
        String cardiologist = Demo.person("Richard").idnps();
        String cardio = http.softwareToken(cardiologist);
        String search = "/fhir/DocumentReference?patient=Patient/" + d.id();
        assertThat(http.get(search, cardio).statusCode()).isEqualTo(403);

        HttpResponse<String> granted = postFhir("/Consent", patient, consent(d, "AUTHORISE", "Practitioner/" + cardiologist, null), Map.of());
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        assertThat(FhirValidation.errors(granted.body())).isEmpty();
        String consentId = Http.json(granted).get("id").asText();
        assertThat(http.get(search, cardio).statusCode()).isEqualTo(200);
        assertThat(notifications.latestTo(DemoPatients.byLogin("marc.fontaine").email(), 20)).anyMatch(m -> m.kind().equals("AUTHORISATION"));

        HttpResponse<String> list = http.get("/fhir/Consent?patient=Patient/" + d.id(), patient);
        assertThat(list.body()).contains(consentId);
        assertThat(FhirValidation.errors(list.body())).isEmpty();

        assertThat(delete("/Consent/" + consentId, patient).statusCode()).isIn(200, 204);
        HttpResponse<String> after = http.get(search, cardio);
        assertThat(after.statusCode()).isEqualTo(403);
        assertThat(after.body()).contains("ACC-2");
        assertThat(delete("/Consent/" + consentId, patient).statusCode()).as("revoking twice").isEqualTo(410);
        assertThat(delete("/Consent/00000000-0000-0000-0000-000000000000", patient).statusCode()).isEqualTo(404);
    }

    /**
     * Issue #15 (ACC-2, ACC-4): Consent/{id} names an id alone; its dossier comes from
     * access_consent_locator (one routed look-up, not every shard), then the consent is read in that
     * dossier only. Without its locator, or with one naming another dossier, the consent is not found
     * (404, as an unknown id: nothing leaks); put back, it reads, updates and revokes again.
     */
    @Test
    void aConsentNamedByItsIdAloneIsFoundThroughItsLocatorInItsOwnDossierOnly() {
        Dossier d = dossier("marc.fontaine");
        String patient = patients.token("marc.fontaine");
        HttpResponse<String> granted = postFhir("/Consent", patient,
                consent(d, "AUTHORISE", "Practitioner/" + Demo.person("Richard").idnps(), null), Map.of());
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        java.util.UUID id = java.util.UUID.fromString(Http.json(granted).get("id").asText());
        assertThat(jdbc.sql("select dossier_id from access_consent_locator where id = ?").param(id).query(java.util.UUID.class).list())
                .containsExactly(d.id());
        assertThat(http.get("/fhir/Consent/" + id, patient).statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = http.get("/fhir/Consent/" + java.util.UUID.randomUUID(), patient);
        assertThat(unknown.statusCode()).isEqualTo(404);

        jdbc.sql("update access_consent_locator set dossier_id = ? where id = ?").params(java.util.UUID.randomUUID(), id).update();
        HttpResponse<String> elsewhere = http.get("/fhir/Consent/" + id, patient);
        assertThat(elsewhere.statusCode()).as("the read names the locator's dossier").isEqualTo(404);
        assertThat(elsewhere.body()).doesNotContain(d.id().toString());
        jdbc.sql("delete from access_consent_locator where id = ?").param(id).update();
        assertThat(http.get("/fhir/Consent/" + id, patient).statusCode()).as("no locator, no consent").isEqualTo(404);
        assertThat(delete("/Consent/" + id, patient).statusCode()).isEqualTo(404);

        jdbc.sql("insert into access_consent_locator (id, dossier_id) values (?, ?)").params(id, d.id()).update();
        assertThat(http.get("/fhir/Consent/" + id, patient).statusCode()).isEqualTo(200);
        assertThat(delete("/Consent/" + id, patient).statusCode()).isIn(200, 204);
    }

    @Test
    void aConsentThatNamesNoOneOrAnUnknownProfessionalIsRefusedAndChangesNothing() {
        Dossier d = dossier("hugo.lefebvre");
        String patient = patients.token("hugo.lefebvre");
        int before = Http.json(http.get("/fhir/Consent?patient=Patient/" + d.id(), patient)).path("entry").size();
        HttpResponse<String> noOne = postFhir("/Consent", patient, consent(d, "AUTHORISE", null, null), Map.of());
        assertThat(noOne.statusCode()).isEqualTo(400);
        assertThat(noOne.body()).contains("professionnel");
        HttpResponse<String> unknown = postFhir("/Consent", patient, consent(d, "AUTHORISE", "Practitioner/810000000999", null), Map.of());
        assertThat(unknown.statusCode()).isEqualTo(400);
        HttpResponse<String> noReason = postFhir("/Consent", patient, consent(d, "OPPOSE_DEPOSIT", "Practitioner/" + Demo.gp(), null), Map.of());
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("DOC-6");
        assertThat(Http.json(http.get("/fhir/Consent?patient=Patient/" + d.id(), patient)).path("entry").size()).isEqualTo(before);
    }

    @Test
    void aProfessionalCannotChangeConsentsButTheMedecinTraitantBlocksAtThePatientsRequest() {
        Dossier d = dossier("julie.faure");
        String other = http.softwareToken(Demo.person("Bernard").idnps());
        HttpResponse<String> refused = postFhir("/Consent", other, consent(d, "AUTHORISE", "Practitioner/" + Demo.person("Bernard").idnps(), null), Map.of());
        assertThat(refused.statusCode()).isEqualTo(403);
        String gp = http.softwareToken(Demo.gp());
        assertThat(postFhir("/Consent", gp, consent(d, "AUTHORISE", "Practitioner/" + Demo.person("Bernard").idnps(), null), Map.of())
                .statusCode()).isEqualTo(403);
        String blocked = Demo.person("Petit").idnps();
        HttpResponse<String> block = postFhir("/Consent", gp, consent(d, "BLOCK", "Practitioner/" + blocked, null), Map.of());
        assertThat(block.statusCode()).as(block.body()).isEqualTo(201);
        // ACC-3: blocked, even for break-glass
        String btg = http.softwareToken(blocked, "fhir", "purpose.BTG");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference?patient=Patient/" + d.id()))
                .header("Authorization", "Bearer " + btg).header("X-Carnet-Break-Glass-Reason", "cardiac arrest").build());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("ACC-3");
        assertThat(AuditEntries.of(jdbc, d.id(), 50)).anyMatch(a -> "DENY".equals(a.outcome()) && "ACC-3".equals(a.rule()));
    }

    @Test
    void breakGlassNeedsAReasonIsAuditedAsSuchAndNotifiesThePatientAndTheMedecinTraitant() {
        Dossier d = dossier("thomas.blanc");
        deposit(d, http.softwareToken(Demo.gp()));
        String er = Demo.person("Masson").idnps();
        String btg = http.softwareToken(er, "fhir", "purpose.BTG");
        String search = "/fhir/DocumentReference?patient=Patient/" + d.id();
        HttpResponse<String> noReason = http.get(search, btg);
        assertThat(noReason.statusCode()).isEqualTo(403);
        assertThat(noReason.body()).contains("EMG-2");
        HttpResponse<String> withReason = http.send(HttpRequest.newBuilder(URI.create(http.base() + search))
                .header("Authorization", "Bearer " + btg).header("Accept", "application/fhir+json")
                .header("X-Carnet-Break-Glass-Reason", "unconscious, vital risk").build());
        assertThat(withReason.statusCode()).isEqualTo(200);
        assertThat(Http.json(withReason).get("entry")).isNotEmpty();
        assertThat(notifications.latestTo(DemoPatients.byLogin("thomas.blanc").email(), 20)).anyMatch(m -> m.kind().equals("BREAK_GLASS"));
        assertThat(notifications.latestTo(Demo.gp(), 50)).anyMatch(m -> m.kind().equals("BREAK_GLASS"));
        assertThat(AuditEntries.of(jdbc, d.id(), 50)).anyMatch(a -> "PERMIT".equals(a.outcome()) && "EMG-2".equals(a.rule())
                && "bris_de_glace".equals(a.accessMode()) && "unconscious, vital risk".equals(a.reason()));
        // the window is open: the next request needs no new reason
        assertThat(http.get(search, btg).statusCode()).isEqualTo(200);
    }

    @Test
    void theSamuRegulatorReadsUnlessThePatientOptedOut() {
        Dossier d = dossier("nicolas.boyer");
        deposit(d, http.softwareToken(Demo.gp()));
        String regulator = http.softwareToken(Demo.person("Fournier").idnps(), "fhir", "purpose.ETREAT");
        String search = "/fhir/DocumentReference?patient=Patient/" + d.id();
        assertThat(http.get(search, regulator).statusCode()).isEqualTo(200);
        String patient = patients.token("nicolas.boyer");
        HttpResponse<String> optOut = postFhir("/Consent", patient, consent(d, "REGULATOR_OPT_OUT", null, null), Map.of());
        assertThat(optOut.statusCode()).as(optOut.body()).isEqualTo(201);
        HttpResponse<String> refused = http.get(search, regulator);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("EMG-1");
        assertThat(notifications.latestTo(DemoPatients.byLogin("nicolas.boyer").email(), 30)).anyMatch(m -> m.kind().equals("CENTRE_15"));
    }

    @Test
    void thePatientReadsTheWholeHistoryIncludingRefusalsAndBreakGlassAndTheChainVerifies() {
        Dossier d = dossier("elise.guerin");
        String stranger = http.softwareToken(Demo.person("Durand").idnps());
        http.get("/fhir/DocumentReference?patient=Patient/" + d.id(), stranger);
        String btg = http.softwareToken(Demo.person("Durand").idnps(), "fhir", "purpose.BTG");
        http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference?patient=Patient/" + d.id()))
                .header("Authorization", "Bearer " + btg).header("X-Carnet-Break-Glass-Reason", "road accident").build());
        String patient = patients.token("elise.guerin");
        HttpResponse<String> history = http.get("/fhir/AuditEvent?patient=Patient/" + d.id() + "&_count=100", patient);
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(FhirValidation.errors(history.body())).isEmpty();
        List<JsonNode> events = new java.util.ArrayList<>();
        Http.json(history).get("entry").forEach(e -> events.add(e.get("resource")));
        assertThat(events).anyMatch(e -> e.get("outcome").asText().equals("4") && e.path("outcomeDesc").asText().contains("ACC-2"));
        assertThat(events).anyMatch(e -> e.path("purposeOfEvent").toString().contains("bris_de_glace"));
        assertThat(events).anyMatch(e -> e.path("type").path("code").asText().equals("110114"));
        // reading the history is itself recorded (AUD-2)
        assertThat(AuditEntries.of(jdbc, d.id(), 5)).anyMatch(a -> a.action().equals("READ_HISTORY") && a.actorId().equals("elise.guerin"));
        // the médecin traitant may read it too; another professional may not
        assertThat(http.get("/fhir/AuditEvent?patient=Patient/" + d.id(), http.softwareToken(Demo.gp())).statusCode()).isEqualTo(200);
        assertThat(http.get("/fhir/AuditEvent?patient=Patient/" + d.id(), stranger).statusCode()).isEqualTo(403);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void aLegalRepresentativeCannotReachAnAdultsDossierAndTheAttemptIsAudited() {
        Dossier adult = dossier("alice.perrin");
        String rep = patients.token("sophie.chevalier");
        HttpResponse<String> r = http.get("/fhir/DocumentReference?patient=Patient/" + adult.id(), rep);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(AuditEntries.of(jdbc, adult.id(), 20)).anyMatch(a -> "DENY".equals(a.outcome()) && "sophie.chevalier".equals(a.actorId()));
    }
}
