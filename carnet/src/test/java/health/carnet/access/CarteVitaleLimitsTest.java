package health.carnet.access;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.platform.MovableClock;
import health.carnet.support.Demo;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.MailServer;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue #9 row 1, ACC-2 with SEC-5: Carte Vitale numbers cannot be tried one after another. Three
 * mismatches lock the professional (24 h) or the dossier (1 h), audited DENY SEC-5, and the
 * patient is told by email (delivered over SMTP).
 */
@IntegrationTest
class CarteVitaleLimitsTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    MovableClock clock;
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

    HttpResponse<String> consult(String token, String dossierId, String card) {
        return http.post("/api/pro/dossiers/" + dossierId + "/consultation", token,
                Map.of("carteVitale", card, "consentDeclared", true));
    }

    @Test
    void threeMismatchesLockTheProfessionalOnEveryDossierAuditAndTellThePatient_SEC5_ACC2() {
        Fresh target = Fresh.patient(http, patients, support);
        Fresh other = Fresh.patient(http, patients, support);
        String guesser = http.softwareToken(Demo.person("Meyer").idnps());
        assertThat(consult(guesser, target.dossierId(), "CV00000001").statusCode()).isEqualTo(403);
        assertThat(consult(guesser, target.dossierId(), "CV00000002").statusCode()).isEqualTo(403);
        HttpResponse<String> third = consult(guesser, target.dossierId(), "CV00000003");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(Http.json(third).get("detail").asText()).contains("bloquées jusqu’au").contains("(heure de Paris)");
        // the eleventh guess of the issue would now be right: still refused, and no consent appears
        assertThat(consult(guesser, target.dossierId(), target.carteVitale()).statusCode()).isEqualTo(429);
        assertThat(http.get("/fhir/DocumentReference?patient=Patient/" + target.dossierId(), guesser).statusCode()).isEqualTo(403);
        // the lock follows the professional to another dossier, even with that patient's right card
        assertThat(consult(guesser, other.dossierId(), other.carteVitale()).statusCode()).isEqualTo(429);
        assertThat(jdbc.sql("select count(*) from audit_event where dossier_id = ? and outcome = 'DENY' and rule = 'SEC-5'")
                .param(UUID.fromString(target.dossierId())).query(Long.class).single()).isPositive();
        MailServer.awaitCount(target.email(), "Tentatives d'accès", 1, Duration.ofSeconds(15));
        assertThat(patients.lastDelivered(target.email(), "CARTE_VITALE_MISMATCH")).contains("refusés");
    }

    @Test
    void threeMismatchesOnOneDossierFromDifferentProfessionalsLockItForAnHour_SEC5_ACC2() {
        Fresh target = Fresh.patient(http, patients, support);
        String[] guessers = {"Moreau", "Simon", "Laurent"};
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = consult(http.softwareToken(Demo.person(guessers[i]).idnps()), target.dossierId(), "CV0000000" + i);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(i < 2 ? 403 : 429);
        }
        String honest = http.softwareToken(Demo.person("Michel").idnps());
        assertThat(consult(honest, target.dossierId(), target.carteVitale()).statusCode()).isEqualTo(429);
        MailServer.awaitCount(target.email(), "Tentatives d'accès", 1, Duration.ofSeconds(15));
        clock.moveBy(Duration.ofMinutes(61));
        assertThat(consult(honest, target.dossierId(), target.carteVitale()).statusCode()).isEqualTo(201);
    }

    HttpResponse<String> create(String idnps, DemoSupport.Insured p, String card) {
        return http.post("/api/pro/dossiers", http.softwareToken(idnps), Map.of("insSystem", health.carnet.shared.Ins.INS_NIR_SYSTEM,
                "ins", p.nir(), "familyName", p.familyName(), "givenNames", p.givenNames(), "birthDate", p.birthDate().toString(),
                "sex", "M", "carteVitaleSerial", card, "consentMethod", "ORAL", "email", "created-" + UUID.randomUUID() + "@example.org"));
    }

    /**
     * Issue #9 row 1 at the desk (DOS-2): creating a dossier with the patient present checks the card
     * against the insurer's register, and said "does not match" as often as asked, so the register
     * could be searched card number after card number. Now a mismatch counts as at a consultation:
     * three lock the professional (their card declarations, 24 h) and the INS (1 h), audited DENY SEC-5,
     * the insured person told; while locked, even the right card is refused.
     */
    @Test
    void cardMismatchesWhenCreatingADossierLockTheProfessionalAndTheIns_SEC5_DOS2() {
        DemoSupport.Insured person = health.carnet.support.Insured.register(support, java.time.LocalDate.of(1980, 2, 2),
                "cv-creation-" + UUID.randomUUID() + "@example.org");
        String guesser = Demo.person("Roussel").idnps();
        assertThat(create(guesser, person, "CV00000001").statusCode()).isEqualTo(400);
        assertThat(create(guesser, person, "CV00000002").statusCode()).isEqualTo(400);
        HttpResponse<String> third = create(guesser, person, "CV00000003");
        assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
        assertThat(Http.json(third).get("detail").asText()).contains("bloquées jusqu’au").contains("(heure de Paris)");
        // the right card now: still refused, no dossier
        assertThat(create(guesser, person, person.carteVitaleSerial()).statusCode()).isEqualTo(429);
        // the INS is locked for everyone for an hour, even with the right card
        String honest = Demo.person("Robin").idnps();
        HttpResponse<String> other = create(honest, person, person.carteVitaleSerial());
        assertThat(other.statusCode()).as(other.body()).isEqualTo(429);
        assertThat(Http.json(other).get("detail").asText()).contains("création de son dossier");
        assertThat(jdbc.sql("select count(*) from audit_event where actor_id = ? and action = 'CREATE_DOSSIER' and outcome = 'DENY'"
                + " and rule = 'SEC-5'").param(guesser).query(Long.class).single()).isPositive();
        MailServer.awaitCount(person.email(), "Tentatives de création", 1, Duration.ofSeconds(15));
        clock.moveBy(Duration.ofMinutes(61));
        HttpResponse<String> later = create(honest, person, person.carteVitaleSerial());
        assertThat(later.statusCode()).as(later.body()).isEqualTo(201);
    }
}
