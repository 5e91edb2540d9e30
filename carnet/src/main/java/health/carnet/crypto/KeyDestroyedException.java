package health.carnet.crypto;

import java.util.UUID;

/** The dossier's key was destroyed (SEC-2): nothing of it can be decrypted any more. */
public final class KeyDestroyedException extends IllegalStateException {
    public KeyDestroyedException(UUID dossierId) {
        super("The key of dossier " + dossierId + " was destroyed: its content cannot be decrypted.");
    }
}
