package health.carnet.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import health.carnet.support.Http;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import health.carnet.support.MailServer;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** SEC-5 for DOS-1: wrong creation codes and Carte Vitale numbers count per NIR, across new codes. */
@IntegrationTest
class CreationLimitsTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    Dossiers dossiers;
    Http http;
    Patients patients;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        patients = new Patients(http, notifications);
    }

    @Test
    void wrongGuessesCountPerNirAcrossCreationCodesThenLock_SEC5_DOS1() {
        String email = "limit-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = Insured.register(support, LocalDate.of(1981, 3, 3), email);
        for (int round = 0; round < 2; round++) {
            // each new creation code used to give five fresh guesses
            assertThat(http.post("/api/creation/code", null, Map.of("nir", p.nir())).statusCode()).isIn(200, 201, 202);
            String code = patients.lastCode(email, "CREATION_CODE");
            assertThat(http.post("/api/creation/verify", null, Map.of("nir", p.nir(), "creationCode", "WRONGCODE234",
                    "carteVitale", p.carteVitaleSerial(), "email", email)).statusCode()).isEqualTo(400);
            assertThat(http.post("/api/creation/verify", null, Map.of("nir", p.nir(), "creationCode", code,
                    "carteVitale", "CV-WRONG", "email", email)).statusCode()).isEqualTo(400);
        }
        assertThat(http.post("/api/creation/code", null, Map.of("nir", p.nir())).statusCode()).isIn(200, 201, 202);
        String code = patients.lastCode(email, "CREATION_CODE");
        HttpResponse<String> fifth = http.post("/api/creation/verify", null, Map.of("nir", p.nir(), "creationCode", code,
                "carteVitale", "CV-WRONG-AGAIN", "email", email));
        assertThat(fifth.statusCode()).isEqualTo(429);
        assertThat(Http.json(fifth).get("detail").asText()).contains("(heure de Paris)");
        // locked: the right code and card are refused too, and nothing is created
        HttpResponse<String> right = http.post("/api/creation/verify", null, Map.of("nir", p.nir(), "creationCode", code,
                "carteVitale", p.carteVitaleSerial(), "email", email));
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(dossiers.findByIns(Ins.nir(Nir.of(p.nir())))).isEmpty();
        MailServer.awaitCount(email, "bloquée", 1, Duration.ofSeconds(15));
    }
}
