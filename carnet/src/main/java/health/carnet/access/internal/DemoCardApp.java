package health.carnet.access.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The demo's stand-in for the insurer's Carte Vitale app service (apCV), so that the card-presence
 * {@code assertion} of ACC-2 runs end to end: it signs "this dossier's patient is here with their
 * card" (the dossier, an expiry of 5 minutes, a nonce) with a key of this process (HMAC-SHA256),
 * and {@link TypedSerialProof} accepts such an assertion once, before it expires. A real apCV
 * assertion is a JWT signed by the insurer's service and checked against its published keys; a
 * card reader's is the chip's signature over a challenge (see {@code CarteVitaleProof}).
 */
@Component
public class DemoCardApp {

    static final String PREFIX = "apcv-demo.";
    static final Duration VALIDITY = Duration.ofMinutes(5);

    private final byte[] key = new byte[32];
    private final Clock clock;
    /** Nonces already presented, with their expiry: an assertion proves one presence, not a standing access. */
    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    DemoCardApp(Clock clock) {
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    /** What the patient's app would show the professional's software (a QR code) for this dossier. */
    public String assertionFor(UUID dossierId) {
        String payload = dossierId + "|" + clock.instant().plus(VALIDITY).getEpochSecond() + "|" + UUID.randomUUID();
        return PREFIX + b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + b64(mac(payload));
    }

    /** Whether the assertion is one this app signed for this dossier, unexpired and never presented before. */
    boolean verify(UUID dossierId, String assertion) {
        if (assertion == null || !assertion.startsWith(PREFIX) || assertion.length() > 512) {
            return false;
        }
        String[] parts = assertion.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2) {
            return false;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(mac(payload), Base64.getUrlDecoder().decode(parts[1]))) {
                return false;
            }
            String[] f = payload.split("\\|", -1);
            if (f.length != 3) {
                return false;
            }
            Instant now = clock.instant();
            Instant expires = Instant.ofEpochSecond(Long.parseLong(f[1]));
            if (!f[0].equals(dossierId.toString()) || !now.isBefore(expires)) {
                return false;
            }
            used.values().removeIf(now::isAfter);
            return used.putIfAbsent(f[2], expires) == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
