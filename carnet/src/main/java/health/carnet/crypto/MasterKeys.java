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

    record Wrapped(String keyId, byte[] bytes) {
    }
}
