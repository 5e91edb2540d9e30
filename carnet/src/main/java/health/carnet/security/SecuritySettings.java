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
 */
@ConfigurationProperties("carnet.security")
public record SecuritySettings(
        @DefaultValue("http://localhost:8080") String issuer,
        @DefaultValue("true") boolean embeddedIssuer,
        @DefaultValue("demo") String demoPassword,
        @DefaultValue("demo-secret") String demoClientSecret,
        @DefaultValue("15m") Duration tokenLifetime,
        @DefaultValue List<TrustedIssuer> trustedIssuers) {

    public record TrustedIssuer(String issuer, String jwkSetUri) {
    }
}
