package health.carnet.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.support.Http;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** SEC-5, DOS-1: whoever knows a NIR cannot flood its holder with creation codes; the latest code still works. */
@IntegrationTest
class CreationCodeRequestsTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;

    @Test
    void creationCodesAskedForOneNirAreLimited_SEC5_DOS1() {
        Http http = new Http(port);
        Patients patients = new Patients(http, notifications);
        String email = "demandes-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = Insured.register(support, LocalDate.of(1979, 9, 9), email);
        for (int i = 1; i <= 5; i++) {
            assertThat(http.post("/api/creation/code", null, Map.of("nir", p.nir())).statusCode()).isEqualTo(202);
        }
        HttpResponse<String> sixth = http.post("/api/creation/code", null, Map.of("nir", p.nir()));
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(Http.json(sixth).get("detail").asText()).contains("(heure de Paris)");
        assertThat(notifications.latestTo(email, 20)).filteredOn(m -> m.kind().equals("CREATION_CODE")).hasSize(5);
        // the last code sent still leads on
        String code = patients.lastCode(email, "CREATION_CODE");
        HttpResponse<String> verify = http.post("/api/creation/verify", null, Map.of("nir", p.nir(), "creationCode", code,
                "carteVitale", p.carteVitaleSerial(), "channel", "EMAIL", "email", email));
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(202);
    }
}
