package health.carnet.shared;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proof that the access decision point permitted an actor an action on a dossier (STYLE rule 1).
 * Methods that hand out or change clinical data take a Permit, so code that skipped the decision
 * does not compile.
 *
 * <p>Unforgeable by construction: a final class with a private constructor and no accessor to its
 * maker. Only an {@link Issuer} makes one, and the one issuer is handed out once per JVM, to the
 * access module's gate, when that class loads ({@link #claimIssuer()} throws on any later call).
 * A permit is in {@code shared} (not in {@code access}) because the modules that require it are the
 * ones the gate itself reads from: putting it in {@code access} would make them depend on their caller.
 */
public final class Permit {

    private static final AtomicBoolean CLAIMED = new AtomicBoolean();
    private static final Issuer ISSUER = new Issuer();

    private final String actorId;
    private final UUID dossierId;
    private final String action;
    private final String rule;
    private final long auditId;
    private final Visibility visibility;

    private Permit(String actorId, UUID dossierId, String action, String rule, long auditId, Visibility visibility) {
        this.actorId = actorId;
        this.dossierId = Objects.requireNonNull(dossierId, "dossierId");
        this.action = Objects.requireNonNull(action, "action");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.auditId = auditId;
        this.visibility = Objects.requireNonNull(visibility, "visibility");
    }

    /** Who was permitted (IDNPS or patient login). */
    public String actorId() {
        return actorId;
    }

    /** On which dossier. */
    public UUID dossierId() {
        return dossierId;
    }

    /** The action's name (access.Action). */
    public String action() {
        return action;
    }

    /** The SPEC rule that permitted it. */
    public String rule() {
        return rule;
    }

    /** The audit record of the decision. */
    public long auditId() {
        return auditId;
    }

    /**
     * What the holder may see of the dossier's documents, decided with the permit; the modules that
     * own documents apply it themselves (issue #10), so no caller can forget to.
     */
    public Visibility visibility() {
        return visibility;
    }

    /** Throws unless this permit is for that dossier and action. */
    public Permit require(UUID dossier, String expectedAction) {
        if (!dossierId.equals(dossier) || !(action.equals(expectedAction) || exportCovers(expectedAction))) {
            throw new IllegalStateException("Permit for " + action + " on " + dossierId + " used for "
                    + expectedAction + " on " + dossier);
        }
        return this;
    }

    /**
     * DOS-7: a permit to export the whole dossier (a complete copy, {@code Patient/$everything}) is one
     * decision, audited once, that covers every read the copy is made of; it never covers a write.
     */
    private boolean exportCovers(String expectedAction) {
        return "EXPORT_DOSSIER".equals(action) && switch (expectedAction) {
            case "READ_DOCUMENTS", "READ_HISTORY", "READ_CONSENTS", "LOOKUP_PATIENT" -> true;
            default -> false;
        };
    }

    /** The capability to mint permits. Not reachable from a permit; {@link #claimIssuer()} succeeds once per JVM. */
    public static final class Issuer {
        private Issuer() {
        }

        public Permit permit(String actorId, UUID dossierId, String action, String rule, long auditId, Visibility visibility) {
            return new Permit(actorId, dossierId, action, rule, auditId, visibility);
        }
    }

    /** Claimed by the access gate when its class loads; a second claim is an attempt to forge permits. */
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
