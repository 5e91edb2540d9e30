package health.carnet.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.audit.AuditRecord;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.platform.MovableClock;
import health.carnet.shared.Ins;
import health.carnet.support.AuditEntries;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * MIN-4 without a contact of the new adult's own (the family gave the parent's email for the
 * child): at majority the adult's credentials do not go to the parent; the representatives lose
 * access and are told that the new adult gets their credentials from a professional; at the desk, a professional the new
 * adult presents their Carte Vitale to records the adult's email, and the credentials go there
 * (delivered, and they work), never to the professional; the handover is one audited gate
 * decision; a wrong card is refused; once the adult chose a password, the desk cannot hand over again.
 */
@IntegrationTest
class MajorityAtTheDeskTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    Dossiers dossiers;
    @Autowired
    MovableClock clock;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private long credentials(String to) {
        return notifications.latestTo(to, 50).stream().filter(m -> m.kind().equals("CREDENTIALS")).count();
    }

    @Test
    void aNewAdultWithoutContactGetsTheirCredentialsThroughAProfessionalAtTheDesk_MIN4() {
        Http http = new Http(port);
        Patients patients = new Patients(http, notifications);
        LocalDate birth = dossiers.today().minusYears(18).plusDays(10);
        DemoSupport.Insured teen = Insured.register(support, birth, null);
        String repEmail = "parent-" + UUID.randomUUID() + "@example.org";
        String gp = http.softwareToken(Demo.gp());
        HttpResponse<String> r = http.post("/api/pro/dossiers", gp, Map.of("insSystem", Ins.INS_NIR_SYSTEM,
                "ins", teen.nir(), "familyName", "Sanscontact", "givenNames", "Bientot", "birthDate", birth.toString(), "sex", "F",
                "carteVitaleSerial", teen.carteVitaleSerial(), "consentMethod", "WRITTEN", "email", repEmail,
                "legalRepresentatives", List.of(Map.of("familyName", "Sanscontact", "givenNames", "Parent", "email", repEmail))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        UUID dossierId = UUID.fromString(Http.json(r).get("dossierId").asText());

        patients.credentialsSentTo(repEmail);
        long credentialsToTheParent = credentials(repEmail);

        clock.moveBy(Duration.ofDays(11));
        assertThat(dossiers.runMajority()).isGreaterThanOrEqualTo(1);
        // the adult's credentials do not go to the parent's address the family gave for the child
        assertThat(credentials(repEmail)).isEqualTo(credentialsToTheParent);
        assertThat(patients.lastDelivered(repEmail, "MAJORITY_REPRESENTATIVE")).contains("plus accès à son dossier")
                .contains("présente sa carte Vitale à un professionnel de santé");
        // the clock stays 11 days on: the patient is an adult from now on

        String path = "/api/pro/dossiers/" + dossierId + "/credentials";
        String email = "majeure-" + UUID.randomUUID() + "@example.org";
        // bad input and a wrong card: refused, nothing sent
        assertThat(http.post(path, gp, Map.of("email", email)).statusCode()).isEqualTo(400);
        HttpResponse<String> badEmail = http.post(path, gp, Map.of("carteVitale", teen.carteVitaleSerial(), "email", "nulle-part"));
        assertThat(badEmail.statusCode()).as(badEmail.body()).isEqualTo(400);
        assertThat(Http.json(badEmail).get("detail").asText()).startsWith("Saisissez l’adresse électronique du patient");
        HttpResponse<String> wrongCard = http.post(path, gp, Map.of("carteVitale", "999999999999999", "email", email));
        assertThat(wrongCard.statusCode()).as(wrongCard.body()).isEqualTo(403);
        assertThat(notifications.latestTo(email, 10)).isEmpty();

        // at the desk, with the card: the credentials go to the adult's own address, not to the professional
        HttpResponse<String> handed = http.post(path, gp, Map.of("carteVitale", teen.carteVitaleSerial(), "email", email,
                "channel", "EMAIL"));
        assertThat(handed.statusCode()).as(handed.body()).isEqualTo(202);
        assertThat(Http.json(handed).get("message").asText()).startsWith("Les identifiants du patient lui ont été envoyés");
        String[] own = patients.credentialsSentTo(email);
        assertThat(handed.body()).doesNotContain(own[1]).doesNotContain(own[0]);
        List<AuditRecord> trail = AuditEntries.of(jdbc, dossierId, 50);
        assertThat(trail).anySatisfy(a -> {
            assertThat(a.target()).isEqualTo("MIN-4: identifiants remis au patient présent");
            assertThat(a.actorId()).isEqualTo(Demo.gp());
            assertThat(a.outcome()).isEqualTo("PERMIT");
        });

        // they work: the login code goes to the new address, and the dossier is the adult's own
        String token = patients.token(own[0], own[1], email);
        HttpResponse<String> changed = http.post("/api/me/password", token, Map.of("current", own[1], "next", "Ma-majorite-2026"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        HttpResponse<String> me = http.get("/api/me", token);
        assertThat(Http.json(me).at("/dossiers/0/relation").asText()).isEqualTo("OWNER");
        assertThat(Http.json(me).at("/dossiers/0/id").asText()).isEqualTo(dossierId.toString());

        // once the adult chose a password, the desk hands nothing over again
        HttpResponse<String> again = http.post(path, gp, Map.of("carteVitale", teen.carteVitaleSerial(), "email", email));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(Http.json(again).get("detail").asText()).contains("mot de passe oublié");
    }
}
