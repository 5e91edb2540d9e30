package health.carnet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.carnet.shared.Actor;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/** Issue #9 row 7: only the embedded issuer (or one configured for patients) vouches for patients. */
class PatientIssuerTest {

    private static Jwt patientToken(String issuer) {
        return Jwt.withTokenValue("t").header("alg", "RS256").issuer(issuer).subject("lea.petit").audience(java.util.List.of("carnet"))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60))
                .claim("actor_kind", "PATIENT").claim("patient_login", "lea.petit").claim("name", "Léa Petit").build();
    }

    @Test
    void aTrustedProfessionalsIssuerCannotMintAPatientToken() {
        assertThatThrownBy(() -> BearerTokens.actorOf(patientToken("https://psc.example"), false))
                .isInstanceOf(InvalidBearerTokenException.class).hasMessageContaining("Patient tokens come only from");
    }

    @Test
    void anIssuerAllowedForPatientsMay() {
        Actor a = BearerTokens.actorOf(patientToken("http://carnet.test"), true);
        assertThat(a.isPatient()).isTrue();
        assertThat(a.id()).isEqualTo("lea.petit");
    }

    @Test
    void theIssuerSettingDefaultsToNoPatients() {
        assertThat(new SecuritySettings.TrustedIssuer("https://psc.example", "https://psc.example/jwks", null, null)
                .vouchesForPatients()).isFalse();
        assertThat(new SecuritySettings.TrustedIssuer("https://psc.example", "https://psc.example/jwks", "", null)
                .audienceOr("carnet")).isEqualTo("carnet");
    }
}
