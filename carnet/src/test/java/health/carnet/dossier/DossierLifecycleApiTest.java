package health.carnet.dossier;

import health.carnet.dossier.operator.DemoSupport;
import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.demo.DemoPatients;
import health.carnet.notification.Notifications;
import health.carnet.platform.MovableClock;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** DOS-2, DOS-4, DOS-5, DOS-6, DOS-8, MIN-1, MIN-2, MIN-4, ACC-8 through the JSON and FHIR APIs. */
@IntegrationTest
class DossierLifecycleApiTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    MovableClock clock;
    @Autowired
    Dossiers dossiers;
    @Autowired
    DemoSupport support;
    Http http;
    Patients patients;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        patients = new Patients(http, notifications);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A new adult dossier created by Dr Martin, logged in; returns {dossierId, token, nir, email}. */
    String[] newPatient() {
        String email = "p-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = Insured.register(support, LocalDate.of(1970, 1, 1), email);
        HttpResponse<String> r = http.post("/api/pro/dossiers", http.softwareToken(Demo.gp()), Map.of("insSystem", Ins.INS_NIR_SYSTEM,
                "ins", p.nir(), "familyName", p.familyName(), "givenNames", p.givenNames(), "birthDate", "1970-01-01", "sex", "M",
                "carteVitaleSerial", p.carteVitaleSerial(), "consentMethod", "ORAL", "email", email, "channel", "EMAIL"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String login = patients.credentialsSentTo(email)[0];
        String initial = patients.credentialsSentTo(email)[1];
        String token = patients.token(login, initial, email);
        assertThat(http.post("/api/me/password", token, Map.of("current", initial, "next", "Nouveau-mot-de-passe-1")).statusCode())
                .isEqualTo(204);
        return new String[] {Http.json(r).get("dossierId").asText(), token, p.nir(), email, p.carteVitaleSerial()};
    }

    List<String> kinds(String email) {
        return notifications.latestTo(email, 50).stream().map(m -> m.kind()).toList();
    }

    @Test
    void thePatientClosesThenReopensAndIsNotifiedEachTime() {
        String[] p = newPatient();
        HttpResponse<String> closed = http.post("/api/dossiers/" + p[0] + "/close", p[1], "{}");
        assertThat(closed.statusCode()).isEqualTo(200);
        assertThat(Http.json(closed).get("state").asText()).isEqualTo("CLOSED");
        assertThat(Http.json(closed).get("destroyAfter").asText()).isEqualTo(dossiers.today().plusYears(10).toString());
        HttpResponse<String> twice = http.post("/api/dossiers/" + p[0] + "/close", p[1], "{}");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(Http.json(twice).get("detail").asText()).contains("déjà fermé");
        HttpResponse<String> reopened = http.post("/api/dossiers/" + p[0] + "/reopen", p[1], "{}");
        assertThat(Http.json(reopened).get("state").asText()).isEqualTo("ACTIVE");
        assertThat(kinds(p[3])).contains("DOSSIER_CREATED", "DOSSIER_CLOSED", "DOSSIER_REOPENED");
        assertThat(dossiers.history(UUID.fromString(p[0]))).containsExactly("CREATED", "CLOSED", "REOPENED");
    }

    @Test
    void aClosedDossierIsInvisibleToEveryProfessional() {
        String[] p = newPatient();
        String doctor = http.softwareToken(Demo.gp());
        String search = "/fhir/Patient?identifier=" + URLEncoder.encode(Ins.INS_NIR_SYSTEM + "|" + p[2], StandardCharsets.UTF_8);
        assertThat(Http.json(http.get(search, doctor)).get("entry")).hasSize(1);
        http.post("/api/dossiers/" + p[0] + "/close", p[1], "{}");
        assertThat(Http.json(http.get(search, doctor)).get("entry")).isNull();
        HttpResponse<String> read = http.get("/fhir/Patient/" + p[0], doctor);
        // invisible by id as in the search: not found (issue #9 row 8), the refusal audited under ACC-8
        assertThat(read.statusCode()).isEqualTo(404);
    }

    @Test
    void destructionIsConfirmedIrreversibleAndNotified() {
        String[] p = newPatient();
        assertThat(http.post("/api/dossiers/" + p[0] + "/destroy", p[1], Map.of("confirm", "oui")).statusCode()).isEqualTo(400);
        assertThat(dossiers.find(UUID.fromString(p[0])).orElseThrow().state()).isEqualTo(DossierState.ACTIVE);
        HttpResponse<String> destroyed = http.post("/api/dossiers/" + p[0] + "/destroy", p[1], Map.of("confirm", "DETRUIRE"));
        assertThat(destroyed.statusCode()).isEqualTo(200);
        Dossier d = dossiers.find(UUID.fromString(p[0])).orElseThrow();
        assertThat(d.state()).isEqualTo(DossierState.DESTROYED);
        assertThat(d.familyName()).isEqualTo("-");
        assertThat(kinds(p[3])).contains("DOSSIER_DESTROYED");
        // a destroyed dossier cannot be reopened: its holder is gone too
        HttpResponse<String> reopen = http.post("/api/dossiers/" + p[0] + "/reopen", p[1], "{}");
        assertThat(reopen.statusCode()).isEqualTo(403);
        assertThat(reopen.body()).contains("DOS-6");
    }

    @Test
    void retentionDestroysAClosedDossierAfterTenYearsAndNotBefore() {
        String[] p = newPatient();
        http.post("/api/dossiers/" + p[0] + "/close", p[1], "{}");
        clock.moveBy(Duration.ofDays(365 * 10));
        dossiers.runRetention();
        assertThat(dossiers.find(UUID.fromString(p[0])).orElseThrow().state()).isEqualTo(DossierState.CLOSED);
        clock.moveBy(Duration.ofDays(4));
        dossiers.runRetention();
        assertThat(dossiers.find(UUID.fromString(p[0])).orElseThrow().state()).isEqualTo(DossierState.DESTROYED);
    }

    @Test
    void creationWithoutConsentOrWithAWrongCardChangesNothing() {
        String email = "nc-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = Insured.register(support, LocalDate.of(1970, 1, 1), email);
        String doctor = http.softwareToken(Demo.gp());
        Map<String, Object> base = new java.util.HashMap<>(Map.of("insSystem", Ins.INS_NIR_SYSTEM, "ins", p.nir(),
                "familyName", "X", "givenNames", "Y", "birthDate", "1970-01-01", "sex", "M",
                "carteVitaleSerial", p.carteVitaleSerial(), "email", email));
        HttpResponse<String> noConsent = http.post("/api/pro/dossiers", doctor, base);
        assertThat(noConsent.statusCode()).isEqualTo(400);
        assertThat(Http.json(noConsent).get("detail").asText()).contains("consentement");
        base.put("consentMethod", "ORAL");
        base.put("carteVitaleSerial", "CV-OTHER");
        assertThat(http.post("/api/pro/dossiers", doctor, base).statusCode()).isEqualTo(400);
        base.put("ins", "185057800608492");
        assertThat(http.post("/api/pro/dossiers", doctor, base).statusCode()).isEqualTo(400);
        assertThat(dossiers.findByIns(Ins.nir(Nir.of(p.nir())))).isEmpty();
        assertThat(notifications.latestTo(email, 5)).isEmpty();
    }

    @Test
    void minorsNeedOneOrTwoLegalRepresentativesAndAdultsNone() {
        String doctor = http.softwareToken(Demo.gp());
        LocalDate tenYearsOld = dossiers.today().minusYears(10);
        DemoSupport.Insured child = Insured.register(support, tenYearsOld, null);
        Map<String, Object> body = new java.util.HashMap<>(Map.of("insSystem", Ins.INS_NIR_SYSTEM, "ins", child.nir(),
                "familyName", "Enfant", "givenNames", "Petit", "birthDate", tenYearsOld.toString(), "sex", "M",
                "carteVitaleSerial", child.carteVitaleSerial(), "consentMethod", "WRITTEN", "email", "child@example.org"));
        HttpResponse<String> none = http.post("/api/pro/dossiers", doctor, body);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(Http.json(none).get("detail").asText()).contains("représentant");
        Map<String, Object> rep = Map.of("familyName", "Parent", "givenNames", "Un", "email", "rep@example.org");
        body.put("legalRepresentatives", List.of(rep, rep, rep));
        assertThat(http.post("/api/pro/dossiers", doctor, body).statusCode()).isEqualTo(400);

        DemoSupport.Insured adult = Insured.register(support, LocalDate.of(1970, 1, 1), null);
        HttpResponse<String> adultWithRep = http.post("/api/pro/dossiers", doctor, Map.of("insSystem", Ins.INS_NIR_SYSTEM,
                "ins", adult.nir(), "familyName", "A", "givenNames", "B", "birthDate", "1970-01-01", "sex", "M",
                "carteVitaleSerial", adult.carteVitaleSerial(), "consentMethod", "ORAL", "email", "a@example.org",
                "legalRepresentatives", List.of(rep)));
        assertThat(adultWithRep.statusCode()).isEqualTo(400);
        assertThat(Http.json(adultWithRep).get("detail").asText()).contains("majeur");
        assertThat(dossiers.findByIns(Ins.nir(Nir.of(child.nir())))).isEmpty();
        assertThat(dossiers.findByIns(Ins.nir(Nir.of(adult.nir())))).isEmpty();
    }

    @Test
    void insurerAgentsCreateForAdultsOnlyAndAdminStaffNever() {
        DemoSupport.Insured adult = Insured.register(support, LocalDate.of(1975, 5, 5), null);
        Map<String, Object> body = Map.of("insSystem", Ins.INS_NIR_SYSTEM, "ins", adult.nir(), "familyName", "Agent",
                "givenNames", "Cree", "birthDate", "1975-05-05", "sex", "M", "carteVitaleSerial", adult.carteVitaleSerial(),
                "consentMethod", "ORAL", "email", "agent-created-" + UUID.randomUUID() + "@example.org");
        HttpResponse<String> admin = http.post("/api/pro/dossiers", http.softwareToken(Demo.person("Denis").idnps()), body);
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(admin.body()).contains("ACC-1");
        assertThat(http.post("/api/pro/dossiers", http.softwareToken(Demo.person("Lemaire").idnps()), body).statusCode())
                .isEqualTo(201);
        LocalDate child = dossiers.today().minusYears(8);
        DemoSupport.Insured minor = Insured.register(support, child, null);
        HttpResponse<String> forMinor = http.post("/api/pro/dossiers", http.softwareToken(Demo.person("Lemaire").idnps()),
                Map.of("insSystem", Ins.INS_NIR_SYSTEM, "ins", minor.nir(), "familyName", "M", "givenNames", "N",
                        "birthDate", child.toString(), "sex", "M", "carteVitaleSerial", minor.carteVitaleSerial(),
                        "consentMethod", "ORAL", "email", "m@example.org",
                        "legalRepresentatives", List.of(Map.of("familyName", "P", "givenNames", "Q", "email", "pq@example.org"))));
        assertThat(forMinor.statusCode()).isEqualTo(403);
        assertThat(forMinor.body()).contains("DOS-4");
    }

    @Test
    void aLegalRepresentativeActsForTheMinorUntilMajority() {
        String doctor = http.softwareToken(Demo.gp());
        LocalDate birth = dossiers.today().minusYears(17).minusMonths(6);
        DemoSupport.Insured teen = Insured.register(support, birth, null);
        String teenEmail = "teen-" + UUID.randomUUID() + "@example.org";
        String repEmail = "parent-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> r = http.post("/api/pro/dossiers", doctor, Map.of("insSystem", Ins.INS_NIR_SYSTEM, "ins", teen.nir(),
                "familyName", "Ado", "givenNames", "Lescent", "birthDate", birth.toString(), "sex", "M",
                "carteVitaleSerial", teen.carteVitaleSerial(), "consentMethod", "WRITTEN", "email", teenEmail,
                "legalRepresentatives", List.of(Map.of("familyName", "Ado", "givenNames", "Parent", "email", repEmail))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String dossierId = Http.json(r).get("dossierId").asText();
        assertThat(Http.json(r).has("patientLogin")).as("no credentials go back to the professional").isFalse();
        String repLogin = patients.credentialsSentTo(repEmail)[0];
        String initial = patients.credentialsSentTo(repEmail)[1];
        String repToken = patients.token(repLogin, initial, repEmail);
        http.post("/api/me/password", repToken, Map.of("current", initial, "next", "Parent-mot-de-passe"));
        HttpResponse<String> me = http.get("/api/me", repToken);
        assertThat(Http.json(me).at("/dossiers/0/relation").asText()).isEqualTo("LEGAL_REPRESENTATIVE");
        assertThat(http.get("/api/dossiers/" + dossierId, repToken).statusCode()).isEqualTo(200);

        clock.moveBy(Duration.ofDays(200));
        assertThat(dossiers.runMajority()).isGreaterThanOrEqualTo(1);
        HttpResponse<String> after = http.get("/api/dossiers/" + dossierId, repToken);
        assertThat(after.statusCode()).isEqualTo(403);
        assertThat(after.body()).contains("ACC-2");
        assertThat(kinds(teenEmail)).contains("MAJORITY");
    }

    @Test
    void theDemoMinorsHaveTheirRepresentatives() {
        var emma = dossiers.findByIns(Ins.nir(Nir.of(DemoPatients.byLogin("emma.chevalier").nir()))).orElseThrow();
        String token = patients.token("sophie.chevalier");
        assertThat(http.get("/api/dossiers/" + emma.id(), token).statusCode()).isEqualTo(200);
        var lucas = dossiers.findByIns(Ins.nir(Nir.of(DemoPatients.byLogin("lucas.francois").nir()))).orElseThrow();
        assertThat(http.get("/api/dossiers/" + lucas.id(), patients.token("pierre.francois")).statusCode()).isEqualTo(200);
        assertThat(http.get("/api/dossiers/" + lucas.id(), token).statusCode()).isEqualTo(403);
    }

    @Test
    void thePatientDesignatesAMedecinTraitantWhoMustBeADoctor() {
        String[] p = newPatient();
        HttpResponse<String> nurse = http.put("/api/dossiers/" + p[0] + "/medecin-traitant", p[1],
                Map.of("idnps", Demo.person("Chevalier").idnps()));
        assertThat(nurse.statusCode()).isEqualTo(400);
        HttpResponse<String> ok = http.put("/api/dossiers/" + p[0] + "/medecin-traitant", p[1], Map.of("idnps", Demo.gp()));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Http.json(ok).get("medecinTraitant").asText()).isEqualTo(Demo.gp());
        // ACC-6: the médecin traitant passes the status on, with the patient's agreement, to an authorised doctor
        String gpToken = http.softwareToken(Demo.gp());
        String next = Demo.person("Bernard").idnps();
        HttpResponse<String> noAgreement = http.put("/api/dossiers/" + p[0] + "/medecin-traitant", gpToken, Map.of("idnps", next));
        assertThat(noAgreement.statusCode()).isEqualTo(400);
        HttpResponse<String> notAuthorised = http.put("/api/dossiers/" + p[0] + "/medecin-traitant", gpToken,
                Map.of("idnps", next, "patientAgreement", true));
        assertThat(notAuthorised.statusCode()).isEqualTo(400);
        assertThat(Http.json(notAuthorised).get("detail").asText()).contains("n’est pas autorisé");
        String nextToken = http.softwareToken(next);
        assertThat(http.post("/api/pro/dossiers/" + p[0] + "/consultation", nextToken, Map.of("carteVitale", p[4],
                "consentDeclared", true)).statusCode()).isEqualTo(201);
        HttpResponse<String> passed = http.put("/api/dossiers/" + p[0] + "/medecin-traitant", gpToken,
                Map.of("idnps", next, "patientAgreement", true));
        assertThat(passed.statusCode()).as(passed.body()).isEqualTo(200);
        assertThat(Http.json(passed).get("medecinTraitant").asText()).isEqualTo(next);
        // and the former one no longer holds the status
        assertThat(http.put("/api/dossiers/" + p[0] + "/medecin-traitant", gpToken, Map.of("idnps", Demo.gp(),
                "patientAgreement", true)).statusCode()).isEqualTo(403);
    }
}
