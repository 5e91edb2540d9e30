package health.carnet.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param issuer          the embedded issuer's identifier (the {@code iss} of its tokens)
 * @param embeddedIssuer  run the embedded issuer (the default); off where Pro Santé Connect or
 *                        another OIDC provider issues professionals' tokens
 * @param demoPassword    the password of every directory professional at the embedded issuer's
 *                        login page (it stands in for the CPS card's PIN)
 * @param demoClientSecret the secret of the practice-software clients {@code lps-<IDNPS>}
 * @param tokenLifetime   lifetime of access tokens
 * @param trustedIssuers  other issuers whose tokens are accepted, each with its JWKS URI
 * @param audience        what every token's {@code aud} must include: Carnet's own name as a
 *                        resource server (the embedded issuer writes it; another issuer is
 *                        configured to write it, or gets its own with {@link TrustedIssuer#audience})
 */
@ConfigurationProperties("carnet.security")
public record SecuritySettings(
        @DefaultValue("http://localhost:8080") String issuer,
        @DefaultValue("true") boolean embeddedIssuer,
        @DefaultValue("demo") String demoPassword,
        @DefaultValue("demo-secret") String demoClientSecret,
        @DefaultValue("15m") Duration tokenLifetime,
        @DefaultValue List<TrustedIssuer> trustedIssuers,
        @DefaultValue("carnet") String audience) {

    /**
     * @param issuer    the {@code iss} of its tokens
     * @param jwkSetUri where its signing keys are published
     * @param audience  the {@code aud} its tokens must carry; blank = {@link SecuritySettings#audience}
     * @param patients  whether it may vouch for patients ({@code actor_kind: PATIENT}); by default only
     *                  the embedded issuer does, after the patient's password and one-time code (AUT-1)
     */
    public record TrustedIssuer(String issuer, String jwkSetUri, String audience, Boolean patients) {

        public String audienceOr(String fallback) {
            return audience == null || audience.isBlank() ? fallback : audience;
        }

        public boolean vouchesForPatients() {
            return Boolean.TRUE.equals(patients);
        }
    }
}
