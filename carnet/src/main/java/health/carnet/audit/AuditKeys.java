package health.carnet.audit;

/**
 * The port to where the audit trail's keys live (a keystore file by default, an HSM or KMS in
 * production), never in the database: the HMAC key that chains entries (AUD-3) and the signing key
 * of the published chain heads. Implementations are thread-safe.
 */
public interface AuditKeys {

    /** The id of the HMAC key new entries are chained with. */
    String currentHmacKeyId();

    /** HMAC-SHA256 of {@code data} under key {@code keyId} (current or older). */
    byte[] hmac(String keyId, byte[] data);

    /** An Ed25519 signature of {@code data} with the heads signing key. */
    byte[] sign(byte[] data);

    /** Whether {@code signature} is the heads signing key's signature of {@code data}. */
    boolean verify(byte[] data, byte[] signature);

    /** The raw 32-byte Ed25519 public key of the heads signing key, for whoever checks published heads. */
    byte[] publicKey();
}
