package health.carnet.shared;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proof that the access decision point permitted an actor an action on a dossier (STYLE rule 1).
 * Methods that hand out or change clinical data take a Permit, so code that skipped the decision
 * does not compile. Only the holder of the {@link Issuer} can make one, and the issuer is handed
 * out once, to the access module's gate, at start-up: no other code can mint a permit.
 *
 * @param actorId   who was permitted (IDNPS or patient login)
 * @param dossierId on which dossier
 * @param action    the action's name (access.Action)
 * @param rule      the SPEC rule that permitted it
 * @param auditId   the audit record of the decision
 */
public record Permit(String actorId, UUID dossierId, String action, String rule, long auditId, Issuer issuer) {

    private static final AtomicBoolean CLAIMED = new AtomicBoolean();

    public Permit {
        Objects.requireNonNull(issuer, "A permit is made by the access gate only");
        Objects.requireNonNull(dossierId, "dossierId");
    }

    /** Throws unless this permit is for that dossier and action. */
    public Permit require(UUID dossier, String expectedAction) {
        if (!dossierId.equals(dossier) || !action.equals(expectedAction)) {
            throw new IllegalStateException("Permit for " + action + " on " + dossierId + " used for "
                    + expectedAction + " on " + dossier);
        }
        return this;
    }

    /** The capability to mint permits; {@link #claimIssuer()} succeeds once per JVM. */
    public static final class Issuer {
        private Issuer() {
        }

        public Permit permit(String actorId, UUID dossierId, String action, String rule, long auditId) {
            return new Permit(actorId, dossierId, action, rule, auditId, this);
        }
    }

    private static final Issuer ISSUER = new Issuer();

    /** Claimed by the access gate at start-up; a second claim is an attempt to forge permits. */
    public static Issuer claimIssuer() {
        if (!CLAIMED.compareAndSet(false, true)) {
            throw new IllegalStateException("The permit issuer was already claimed by the access gate");
        }
        return ISSUER;
    }

    @Override
    public String toString() {
        return "Permit[" + actorId + " " + action + " " + dossierId + " by " + rule + "]";
    }
}
