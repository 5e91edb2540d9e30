package health.carnet.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.platform.MovableClock;
import health.carnet.shared.Ins;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * MIN-4: at majority the dossier passes to the patient alone: the new adult receives their own
 * credentials through the contact on file (delivered, and they work), the representatives lose
 * access, and both are told; the job acts once.
 */
@IntegrationTest
class MajorityTest {

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

    @Test
    void theNewAdultGetsTheirOwnCredentialsAndTheRepresentativesLoseAccessBothTold_MIN4() {
        LocalDate birth = dossiers.today().minusYears(18).plusDays(10);
        DemoSupport.Insured teen = Insured.register(support, birth, null);
        String teenEmail = "majeur-" + UUID.randomUUID() + "@example.org";
        String repEmail = "parent-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> r = http.post("/api/pro/dossiers", http.softwareToken(Demo.gp()), Map.of("insSystem", Ins.INS_NIR_SYSTEM,
                "ins", teen.nir(), "familyName", "Majeur", "givenNames", "Bientot", "birthDate", birth.toString(), "sex", "M",
                "carteVitaleSerial", teen.carteVitaleSerial(), "consentMethod", "WRITTEN", "email", teenEmail,
                "legalRepresentatives", List.of(Map.of("familyName", "Majeur", "givenNames", "Parent", "email", repEmail))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String dossierId = Http.json(r).get("dossierId").asText();
        String[] rep = patients.credentialsSentTo(repEmail);
        String repToken = patients.token(rep[0], rep[1], repEmail);
        assertThat(notifications.latestTo(teenEmail, 20)).as("the minor's credentials went to the representative")
                .noneMatch(m -> m.kind().equals("CREDENTIALS"));

        clock.moveBy(Duration.ofDays(11));
        assertThat(dossiers.runMajority()).isGreaterThanOrEqualTo(1);
        assertThat(http.get("/api/dossiers/" + dossierId, repToken).statusCode()).isEqualTo(403);
        assertThat(patients.lastDelivered(repEmail, "MAJORITY_REPRESENTATIVE")).contains("plus accès à son dossier");
        assertThat(patients.lastDelivered(teenEmail, "MAJORITY")).contains("désormais le vôtre seul");

        String[] own = patients.credentialsSentTo(teenEmail);
        clock.reset();
        String token = patients.token(own[0], own[1], teenEmail);
        HttpResponse<String> changed = http.post("/api/me/password", token, Map.of("current", own[1], "next", "Mon-mot-de-passe-majeur"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        HttpResponse<String> me = http.get("/api/me", token);
        assertThat(Http.json(me).at("/dossiers/0/relation").asText()).isEqualTo("OWNER");
        assertThat(Http.json(me).at("/dossiers/0/id").asText()).isEqualTo(dossierId);

        // the job acts once: a second run sends nothing more
        long credentials = notifications.latestTo(teenEmail, 50).stream().filter(m -> m.kind().equals("CREDENTIALS")).count();
        dossiers.runMajority();
        assertThat(notifications.latestTo(teenEmail, 50).stream().filter(m -> m.kind().equals("CREDENTIALS")).count())
                .isEqualTo(credentials);
    }
}
