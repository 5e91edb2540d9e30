package health.carnet.dossier;

import health.carnet.dossier.operator.DemoSupport;
import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.notification.Notifications;
import health.carnet.platform.MovableClock;
import health.carnet.shared.Ins;
import health.carnet.shared.Nir;
import health.carnet.support.Http;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import health.carnet.support.MailServer;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** DOS-1, online creation by the patient, through the JSON API, codes delivered by real SMTP (GreenMail). */
@IntegrationTest
class OnlineCreationTest {

    @LocalServerPort
    int port;
    @Autowired
    DemoSupport support;
    @Autowired
    Notifications notifications;
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

    DemoSupport.Insured adult(String email) {
        return Insured.register(support, LocalDate.of(1980, 4, 2), email);
    }

    @Test
    void createsTheDossierInThreeStepsAndTheCredentialsWork() throws Exception {
        String email = "online-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = adult(email);
        HttpResponse<String> step1 = http.post("/api/creation/code", null, Map.of("nir", p.nir()));
        assertThat(step1.statusCode()).isEqualTo(202);
        String creationCode = MailServer.awaitCode(email, "création : ([A-Z0-9]{12})", Duration.ofSeconds(10));
        assertThat(creationCode).hasSize(12);

        String contact = "contact-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> step2 = http.post("/api/creation/verify", null, Map.of("nir", p.nir(), "creationCode", creationCode,
                "carteVitale", p.carteVitaleSerial(), "channel", "EMAIL", "email", contact));
        assertThat(step2.statusCode()).as(step2.body()).isEqualTo(202);
        String otp = MailServer.awaitCode(contact, "confirmation : (\\d{6})", Duration.ofSeconds(10));

        HttpResponse<byte[]> pdf = http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/api/creation/confirm"))
                .header("Content-Type", "application/json").header("Accept", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(Map.of(
                        "requestId", Http.json(step2).get("requestId").asText(), "code", otp)))).build());
        assertThat(pdf.statusCode()).isEqualTo(201);
        assertThat(new String(pdf.body(), 0, 5)).isEqualTo("%PDF-");

        Dossier d = dossiers.findByIns(Ins.nir(Nir.of(p.nir()))).orElseThrow();
        assertThat(d.state()).isEqualTo(DossierState.ACTIVE);
        assertThat(dossiers.history(d.id())).containsExactly("CREATED");
        MailServer.awaitCount(contact, "Votre dossier médical partagé", 1, Duration.ofSeconds(10));
    }

    @Test
    void theJsonAnswerGivesALoginThatIsNotTheNirAndAPasswordToChange() {
        String email = "json-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = adult(email);
        Map<?, ?> created = createOnline(p, email);
        String login = (String) created.get("login");
        assertThat(login).doesNotContain(p.nir().substring(0, 5)).hasSize(10);
        String token = patients.token(login, (String) created.get("initialPassword"), email);
        HttpResponse<String> me = http.get("/api/me", token);
        assertThat(me.statusCode()).isEqualTo(403);
        assertThat(me.body()).contains("Changez d’abord votre mot de passe initial");
        assertThat(http.post("/api/me/password", token, Map.of("current", created.get("initialPassword"), "next", "short"))
                .statusCode()).isEqualTo(400);
        assertThat(http.post("/api/me/password", token, Map.of("current", created.get("initialPassword"),
                "next", "Un-mot-de-passe-solide")).statusCode()).isEqualTo(204);
        assertThat(http.get("/api/me", token).statusCode()).isEqualTo(200);
    }

    Map<?, ?> createOnline(DemoSupport.Insured p, String email) {
        assertThat(http.post("/api/creation/code", null, Map.of("nir", p.nir())).statusCode()).isEqualTo(202);
        String code = patients.lastCode(email, "CREATION_CODE");
        HttpResponse<String> step2 = http.post("/api/creation/verify", null, Map.of("nir", p.nir(), "creationCode", code,
                "carteVitale", p.carteVitaleSerial(), "email", email));
        HttpResponse<String> step3 = http.post("/api/creation/confirm", null, Map.of("requestId",
                Http.json(step2).get("requestId").asText(), "code", patients.lastCode(email, "CREATION_OTP")));
        assertThat(step3.statusCode()).as(step3.body()).isEqualTo(201);
        return Http.JSON.readValue(step3.body(), Map.class);
    }

    @Test
    void aNirWithAWrongKeyIsRefusedWithAClearMessage() {
        HttpResponse<String> r = http.post("/api/creation/code", null, Map.of("nir", "185057800608492"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r).get("detail").asText()).contains("clé du NIR ne correspond pas");
    }

    @Test
    void aCarteVitaleThatDoesNotMatchCreatesNothing() {
        String email = "cv-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = adult(email);
        http.post("/api/creation/code", null, Map.of("nir", p.nir()));
        HttpResponse<String> r = http.post("/api/creation/verify", null, Map.of("nir", p.nir(),
                "creationCode", patients.lastCode(email, "CREATION_CODE"), "carteVitale", "CV-WRONG", "email", email));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r).get("detail").asText()).contains("Carte Vitale");
        assertThat(dossiers.findByIns(Ins.nir(Nir.of(p.nir())))).isEmpty();
    }

    @Test
    void anExpiredCreationCodeIsRefused() {
        String email = "exp-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = adult(email);
        http.post("/api/creation/code", null, Map.of("nir", p.nir()));
        String code = patients.lastCode(email, "CREATION_CODE");
        clock.moveBy(Duration.ofDays(62));
        HttpResponse<String> r = http.post("/api/creation/verify", null, Map.of("nir", p.nir(), "creationCode", code,
                "carteVitale", p.carteVitaleSerial(), "email", email));
        assertThat(r.statusCode()).isEqualTo(410);
        assertThat(Http.json(r).get("detail").asText()).contains("a expiré");
    }

    @Test
    void anExpiredOrReusedOneTimeCodeIsRefusedAndCreatesNothingMore() {
        String email = "otp-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = adult(email);
        http.post("/api/creation/code", null, Map.of("nir", p.nir()));
        HttpResponse<String> step2 = http.post("/api/creation/verify", null, Map.of("nir", p.nir(),
                "creationCode", patients.lastCode(email, "CREATION_CODE"), "carteVitale", p.carteVitaleSerial(), "email", email));
        String requestId = Http.json(step2).get("requestId").asText();
        String otp = patients.lastCode(email, "CREATION_OTP");
        clock.moveBy(Duration.ofMinutes(11));
        HttpResponse<String> late = http.post("/api/creation/confirm", null, Map.of("requestId", requestId, "code", otp));
        assertThat(late.statusCode()).isEqualTo(410);
        assertThat(dossiers.findByIns(Ins.nir(Nir.of(p.nir())))).isEmpty();
        clock.reset();

        step2 = http.post("/api/creation/verify", null, Map.of("nir", p.nir(),
                "creationCode", patients.lastCode(email, "CREATION_CODE"), "carteVitale", p.carteVitaleSerial(), "email", email));
        requestId = Http.json(step2).get("requestId").asText();
        otp = patients.lastCode(email, "CREATION_OTP");
        assertThat(http.post("/api/creation/confirm", null, Map.of("requestId", requestId, "code", "000000")).statusCode())
                .isEqualTo(400);
        assertThat(http.post("/api/creation/confirm", null, Map.of("requestId", requestId, "code", otp)).statusCode())
                .isEqualTo(201);
        assertThat(http.post("/api/creation/confirm", null, Map.of("requestId", requestId, "code", otp)).statusCode())
                .isEqualTo(410);
    }

    @Test
    void aNirThatAlreadyHasADossierIsRefused() {
        String email = "dup-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = adult(email);
        createOnline(p, email);
        HttpResponse<String> again = http.post("/api/creation/code", null, Map.of("nir", p.nir()));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Http.json(again).get("detail").asText()).contains("existe déjà");
    }

    @Test
    void aMinorCannotCreateTheirDossierOnline() {
        String email = "minor-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = Insured.register(support, dossiers.today().minusYears(15), email);
        HttpResponse<String> r = http.post("/api/creation/code", null, Map.of("nir", p.nir()));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(Http.json(r).get("detail").asText()).contains("DOS-4");
    }
}
