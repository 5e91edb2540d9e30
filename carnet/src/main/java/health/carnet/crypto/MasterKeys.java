package health.carnet.crypto;

/**
 * The port to where master keys live (a keystore file, an HSM, a cloud KMS). Master keys never
 * leave it: it wraps and unwraps data keys. Implementations are thread-safe.
 */
public interface MasterKeys {

    /** The id of the master key new data keys are wrapped with. */
    String currentKeyId();

    /** Wraps a data key with the current master key. */
    Wrapped wrap(byte[] dataKey);

    /** Unwraps a data key wrapped by master key {@code keyId} (current or older). */
    byte[] unwrap(String keyId, byte[] wrapped);

    /** Creates a new master key and makes it current; older ones stay usable for unwrapping. Returns its id. */
    String rotate();

    /**
     * Wraps a data key with the named key, created first when it does not exist: the key of a
     * retention period ({@code epoch-YYYY-MM}), whose destruction makes every dossier wrapped
     * under it unreadable, backups included (SEC-2).
     */
    default Wrapped wrapWith(String keyId, byte[] dataKey) {
        throw new UnsupportedOperationException("This key store has no named keys");
    }

    /** Destroys a key for good; what it wraps can never be unwrapped again. */
    default void destroy(String keyId) {
        throw new UnsupportedOperationException("This key store cannot destroy keys");
    }

    /** The ids of every key held (master keys and retention-period keys). */
    default java.util.List<String> keyIds() {
        return java.util.List.of(currentKeyId());
    }

    record Wrapped(String keyId, byte[] bytes) {
    }
}
