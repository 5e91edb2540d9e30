package health.carnet.dossier;

import java.time.Instant;
import java.util.UUID;

/**
 * A lifecycle change, published synchronously inside the transaction that made it: listeners
 * (key destruction, audit) act in the same transaction, so either all happen or none.
 */
public record DossierLifecycleEvent(UUID dossierId, Type type, String by, Instant at) {
    public enum Type { CREATED, CLOSED, REOPENED, DESTROYED, MEDECIN_TRAITANT_CHANGED, LEGAL_REPRESENTATIVES_ENDED }
}
