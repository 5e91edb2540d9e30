package health.carnet.security;

import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.ActorKind;
import health.carnet.shared.Actor;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Idnps;
import health.carnet.shared.InvalidIdentifierException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.stereotype.Component;

/**
 * Checks bearer tokens (AUT-2): the token's issuer must be trusted (the embedded one, or one
 * configured with its JWKS), its signature valid (so {@code alg: none} and forged tokens fail),
 * and it must carry an expiry not yet reached and Carnet's audience. The claims become an {@link Actor}; a token lacking a claim Carnet
 * needs is refused with a message naming it.
 */
@Component
public class BearerTokens {

    private final AuthenticationManagerResolver<HttpServletRequest> resolver;

    BearerTokens(SecuritySettings settings, ObjectProvider<JWKSource<SecurityContext>> embeddedKeys,
                 health.carnet.security.internal.TokenRevocations revocations) {
        Map<String, AuthenticationManager> managers = new HashMap<>();
        JWKSource<SecurityContext> keys = embeddedKeys.getIfAvailable();
        if (settings.embeddedIssuer() && keys != null) {
            // verify with the public key itself: converting the JWK at every request costs more than the RSA check
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey(keys)).build();
            decoder.setJwtValidator(validator(settings.issuer(), settings.audience()));
            managers.put(settings.issuer(), manager(decoder, true));
        }
        for (SecuritySettings.TrustedIssuer trusted : settings.trustedIssuers()) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(trusted.jwkSetUri()).build();
            decoder.setJwtValidator(validator(trusted.issuer(), trusted.audienceOr(settings.audience())));
            managers.put(trusted.issuer(), manager(decoder, trusted.vouchesForPatients()));
        }
        JwtIssuerAuthenticationManagerResolver byIssuer = new JwtIssuerAuthenticationManagerResolver(managers::get);
        this.resolver = request -> authentication -> {
            if (authentication instanceof org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken bearer) {
                JwtAuthenticationToken known = verified.get(bearer.getToken());
                if (known != null && known.getToken().getExpiresAt() != null
                        && known.getToken().getExpiresAt().isAfter(java.time.Instant.now())) {
                    return notRevoked(known, revocations);
                }
                Authentication result = byIssuer.resolve(request).authenticate(authentication);
                if (result instanceof JwtAuthenticationToken jwt) {
                    verified.put(bearer.getToken(), jwt);
                }
                return notRevoked(result, revocations);
            }
            return byIssuer.resolve(request).authenticate(authentication);
        };
    }

    /** A patient's token issued before a password reset or change no longer counts (but the one the change kept), cached or not (issue #12). */
    private static Authentication notRevoked(Authentication auth, health.carnet.security.internal.TokenRevocations revocations) {
        if (auth instanceof ActorToken token && token.actor().kind() == ActorKind.PATIENT) {
            Object ms = token.getToken().getClaims().get(TokenClaims.ISSUED_AT_MS);
            java.time.Instant issued = ms instanceof Number n ? java.time.Instant.ofEpochMilli(n.longValue())
                    : token.getToken().getIssuedAt();
            boolean revoked = revocations.cut(token.actor().id()).map(cut -> cut.revokes(issued, token.getToken().getId()))
                    .orElse(false);
            if (revoked) {
                throw new InvalidBearerTokenException("This token was revoked by a password reset: log in again.");
            }
        }
        return auth;
    }

    /**
     * Tokens already verified, until they expire: parsing and checking a JWT (base64 in constant
     * time, RSA) was a quarter of a search's CPU. The same string always verifies the same way.
     */
    private final Map<String, JwtAuthenticationToken> verified = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, JwtAuthenticationToken> eldest) {
                    return size() > 10_000;
                }
            });

    private static java.security.interfaces.RSAPublicKey publicKey(JWKSource<SecurityContext> keys) {
        try {
            var jwks = keys.get(new com.nimbusds.jose.jwk.JWKSelector(new com.nimbusds.jose.jwk.JWKMatcher.Builder()
                    .keyType(com.nimbusds.jose.jwk.KeyType.RSA).build()), null);
            return jwks.get(0).toRSAKey().toRSAPublicKey();
        } catch (Exception e) {
            throw new IllegalStateException("The embedded issuer has no RSA signing key", e);
        }
    }

    private static AuthenticationManager manager(JwtDecoder decoder, boolean patients) {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(jwt -> new ActorToken(jwt, actorOf(jwt, patients)));
        return provider::authenticate;
    }

    /**
     * The issuer's signature and {@code iss}, and (issue #9 row 7) an {@code exp} that must be there
     * (the default validator only checks it when present) and an {@code aud} naming Carnet: a token
     * minted for another service of the same issuer is not a key to Carnet.
     */
    static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        OAuth2TokenValidator<Jwt> expiry = jwt -> jwt.getExpiresAt() != null ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                        "The token has no expiry ('exp'): Carnet requires one.", null));
        OAuth2TokenValidator<Jwt> audienceCheck = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                        "The token's audience ('aud') does not include '" + audience + "', Carnet's.", null));
        return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer), expiry, audienceCheck);
    }

    /** For a resource server's {@code authenticationManagerResolver}. */
    public AuthenticationManagerResolver<HttpServletRequest> resolver() {
        return resolver;
    }

    /** The actor behind an authenticated request, if it came with a bearer token. */
    public static Optional<Actor> actor(Authentication authentication) {
        if (authentication instanceof ActorToken token) {
            return Optional.of(token.actor());
        }
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.of(actorOf(token.getToken()));
        }
        return Optional.empty();
    }

    /** The id (jti) of the bearer token of an authenticated request, or null. */
    public static String tokenId(Authentication authentication) {
        return authentication instanceof JwtAuthenticationToken token ? token.getToken().getId() : null;
    }

    /** A verified token with the actor it names, read once. */
    static final class ActorToken extends JwtAuthenticationToken {
        private final transient Actor actor;

        ActorToken(Jwt jwt, Actor actor) {
            super(jwt, java.util.List.of(), jwt.getSubject());
            this.actor = actor;
        }

        Actor actor() {
            return actor;
        }
    }

    static Actor actorOf(Jwt jwt) {
        return actorOf(jwt, true);
    }

    /**
     * The README's claims contract, enforced (issue #9 row 7): {@code actor_kind} always; for a
     * patient {@code patient_login} and {@code name}, and only from an issuer that may vouch for
     * patients; for a professional {@code idnps}, {@code name}, {@code profession}, {@code structure},
     * {@code role}, {@code purpose_of_use}.
     */
    static Actor actorOf(Jwt jwt, boolean patientsAllowed) {
        String kind = required(jwt, TokenClaims.ACTOR_KIND);
        // SYSTEM: a system client such as the insurer's feed (FEED-1), which the policy refuses every clinical read (ACC-1)
        if (!"PATIENT".equals(kind) && !"PROFESSIONAL".equals(kind) && !"SYSTEM".equals(kind)) {
            throw new InvalidBearerTokenException("The token's claim 'actor_kind' must be PROFESSIONAL, PATIENT or SYSTEM.");
        }
        if ("PATIENT".equals(kind)) {
            if (!patientsAllowed) {
                throw new InvalidBearerTokenException("Patient tokens come only from Carnet's own issuer (or an issuer"
                        + " configured for patients), not from " + jwt.getIssuer() + ".");
            }
            required(jwt, TokenClaims.NAME);
            return new Actor(ActorKind.PATIENT, required(jwt, TokenClaims.PATIENT_LOGIN), jwt.getClaimAsString(TokenClaims.NAME),
                    null, null, null, ActorRole.CARE, PurposeOfUse.TREAT, jwt.getIssuer() == null ? null : jwt.getIssuer().toString());
        }
        if ("SYSTEM".equals(kind)) {
            // a system client (the insurer's feed): the policy refuses it every clinical read (ACC-1)
            ActorRole role;
            try {
                role = ActorRole.parse(required(jwt, TokenClaims.ROLE));
            } catch (IllegalArgumentException e) {
                throw new InvalidBearerTokenException("The token's claims are not usable: " + e.getMessage());
            }
            return new Actor(ActorKind.SYSTEM, required(jwt, "sub"), jwt.getClaimAsString(TokenClaims.NAME), null, null, null,
                    role, PurposeOfUse.TREAT, jwt.getIssuer() == null ? null : jwt.getIssuer().toString());
        }
        String idnps = required(jwt, TokenClaims.IDNPS);
        required(jwt, TokenClaims.NAME);
        required(jwt, TokenClaims.PROFESSION);
        required(jwt, TokenClaims.STRUCTURE);
        try {
            Idnps.of(idnps);
        } catch (InvalidIdentifierException e) {
            throw new InvalidBearerTokenException("The token's claim 'idnps' is not a valid IDNPS: " + e.getMessage());
        }
        ActorRole role;
        PurposeOfUse purpose;
        try {
            role = ActorRole.parse(required(jwt, TokenClaims.ROLE));
            purpose = PurposeOfUse.parse(required(jwt, TokenClaims.PURPOSE_OF_USE));
        } catch (IllegalArgumentException e) {
            throw new InvalidBearerTokenException("The token's claims are not usable: " + e.getMessage());
        }
        return new Actor(ActorKind.PROFESSIONAL, idnps, jwt.getClaimAsString(TokenClaims.NAME),
                jwt.getClaimAsString(TokenClaims.PROFESSION), jwt.getClaimAsString(TokenClaims.SPECIALTY),
                jwt.getClaimAsString(TokenClaims.STRUCTURE), role, purpose,
                jwt.getIssuer() == null ? null : jwt.getIssuer().toString());
    }

    private static String required(Jwt jwt, String claim) {
        Object raw = jwt.getClaims().get(claim);
        if (raw != null && !(raw instanceof String)) {
            // the README's contract gives each of these as a text: an object or a number is not read as one ("{a=1}")
            throw new InvalidBearerTokenException("The token's claim '" + claim + "' is not a text.");
        }
        String v = jwt.getClaimAsString(claim);
        if (v == null || v.isBlank()) {
            throw new InvalidBearerTokenException("The token lacks the claim '" + claim + "' that Carnet requires.");
        }
        return v;
    }
}
