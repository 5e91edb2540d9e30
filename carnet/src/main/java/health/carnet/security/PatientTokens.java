package health.carnet.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;
import health.carnet.security.internal.TokenRevocations;

/**
 * Access tokens for patients and legal representatives, signed by the embedded issuer once they
 * logged in with password and one-time code (AUT-1): the patient's own apps use them on /fhir.
 */
@Component
public class PatientTokens {

    private final NimbusJwtEncoder encoder;
    private final SecuritySettings settings;
    private final Clock clock;
    private final TokenRevocations revocations;

    PatientTokens(ObjectProvider<JWKSource<SecurityContext>> keys, SecuritySettings settings, Clock clock,
                  TokenRevocations revocations) {
        this.revocations = revocations;
        JWKSource<SecurityContext> source = keys.getIfAvailable();
        this.encoder = source == null ? null : new NimbusJwtEncoder(source);
        this.settings = settings;
        this.clock = clock;
    }

    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(String login, String name) {
        if (encoder == null) {
            throw new IllegalStateException("Patient tokens need the embedded issuer (carnet.security.embedded-issuer=true)");
        }
        // tokens are checked against the system clock by the resource server: sign with real time
        Instant now = Instant.now();
        Instant exp = now.plus(settings.tokenLifetime());
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(settings.issuer()).subject(login).issuedAt(now).expiresAt(exp)
                .audience(java.util.List.of(settings.audience()))
                .id(UUID.randomUUID().toString())
                .claim(TokenClaims.ISSUED_AT_MS, now.toEpochMilli())
                .claim(TokenClaims.ACTOR_KIND, "PATIENT").claim(TokenClaims.PATIENT_LOGIN, login)
                .claim(TokenClaims.NAME, name == null ? login : name).claim("scope", "patient fhir").build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
        return new Issued(token, exp);
    }

    /**
     * Whether a patient's token (or portal session) opened at {@code issuedAt} was revoked since, by a
     * password reset or change ({@link health.carnet.shared.PatientCredentialsChanged}).
     */
    public boolean revoked(String login, Instant issuedAt) {
        return revocations.cut(login).map(cut -> cut.revokes(issuedAt, null)).orElse(false);
    }
}
