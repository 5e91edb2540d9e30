package health.carnet.notification;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.shared.Ins;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import health.carnet.support.SmsProvider;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** AUT-1, NOT-1 over SMS: a patient who chose SMS gets credentials and login codes through the HTTP gateway. */
@IntegrationTest
class SmsChannelTest {

    @LocalServerPort
    int port;
    @Autowired
    DemoSupport support;

    @Test
    void aPatientWhoChoseSmsLogsInWithTheCodeSentBySms() throws Exception {
        Http http = new Http(port);
        String phone = "+3361" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        DemoSupport.Insured p = Insured.register(support, LocalDate.of(1982, 2, 2), null);
        var created = http.post("/api/pro/dossiers", http.softwareToken(Demo.gp()), Map.of("insSystem", Ins.INS_NIR_SYSTEM,
                "ins", p.nir(), "familyName", "Texto", "givenNames", "Sam", "birthDate", "1982-02-02", "sex", "M",
                "carteVitaleSerial", p.carteVitaleSerial(), "consentMethod", "ORAL", "phone", phone, "channel", "SMS"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String login = await(phone, "Identifiant : (\\S+)");
        String credentials = await(phone, "Mot de passe initial : (\\S+)");
        var start = http.post("/api/login", null, Map.of("login", login, "password", credentials));
        assertThat(start.statusCode()).isEqualTo(202);
        assertThat(Http.json(start).get("channel").asText()).isEqualTo("SMS");
        String code = await(phone, "connexion : (\\d{6})");
        var done = http.post("/api/login/otp", null, Map.of("challengeId", Http.json(start).get("challengeId").asText(), "code", code));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(SmsProvider.received()).filteredOn(b -> b.contains(phone)).allSatisfy(b ->
                assertThat(b).doesNotContainIgnoringCase("diagnostic"));
    }

    static String await(String phone, String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        for (int i = 0; i < 200; i++) {
            String last = null;
            for (String body : SmsProvider.received()) {
                if (body.contains(phone)) {
                    Matcher m = pattern.matcher(body.replace("\\n", "\n"));
                    if (m.find()) {
                        last = m.group(1);
                    }
                }
            }
            if (last != null) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no SMS to " + phone + " matching " + regex);
    }
}
