package health.carnet.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;

/**
 * Tokens an identity provider would issue for roles the demo directory does not hold (employer,
 * bank, ...): signed with the embedded issuer's own key, so they are genuine to Carnet.
 */
public final class Tokens {
    private Tokens() {
    }

    public static String forRole(String idnps, String role, String purpose) {
        try {
            RSAKey key = JWKSet.parse(Files.readString(Path.of("target/test-home/issuer-signing-key.json"))).getKeys().get(0).toRSAKey();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("http://carnet.test").subject(idnps).claim("idnps", idnps)
                    .claim("role", role).claim("purpose_of_use", purpose).claim("profession", "10").claim("name", role + " " + idnps)
                    // the README's claims contract, enforced by BearerTokens (issue #9 row 7)
                    .audience("carnet").claim("actor_kind", "PROFESSIONAL").claim("structure", "STRUCT-TEST-" + role)
                    .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
