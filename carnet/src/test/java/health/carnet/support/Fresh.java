package health.carnet.support;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.shared.Ins;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * A new adult patient nobody else's test touches: registered with the insurer, dossier created by
 * Dr Martin with the patient present (DOS-2), credentials read as delivered by email. For tests
 * that lock or spoil what they act on (SEC-5).
 */
public record Fresh(String dossierId, String nir, String carteVitale, String email, String login, String initialPassword) {

    public static Fresh patient(Http http, Patients patients, DemoSupport support) {
        String email = "fresh-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = Insured.register(support, LocalDate.of(1975, 5, 5), email);
        HttpResponse<String> r = http.post("/api/pro/dossiers", http.softwareToken(Demo.gp()), Map.of("insSystem", Ins.INS_NIR_SYSTEM,
                "ins", p.nir(), "familyName", p.familyName(), "givenNames", p.givenNames(), "birthDate", "1975-05-05", "sex", "M",
                "carteVitaleSerial", p.carteVitaleSerial(), "consentMethod", "ORAL", "email", email, "channel", "EMAIL"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String[] credentials = patients.credentialsSentTo(email);
        return new Fresh(Http.json(r).get("dossierId").asText(), p.nir(), p.carteVitaleSerial(), email, credentials[0],
                credentials[1]);
    }
}
