package health.carnet.dossier;

import health.carnet.shared.Problem;
import java.time.LocalDate;
import java.time.Period;

/**
 * The lifecycle's transitions (DOS-5, DOS-6), pure: each returns the new state or refuses with a
 * message saying why. A closed dossier is archived for 10 years, then destroyed; it may be
 * reopened until then. Destruction is final.
 */
public final class DossierLifecycle {

    public static final Period ARCHIVE = Period.ofYears(10);

    private DossierLifecycle() {
    }

    public static DossierState close(DossierState from) {
        return switch (from) {
            case ACTIVE -> DossierState.CLOSED;
            case CLOSED -> throw new Problem(Problem.Kind.CONFLICT, "The dossier is already closed.");
            case DESTROYED -> throw new Problem(Problem.Kind.GONE, "The dossier was destroyed: it cannot be closed.");
        };
    }

    public static DossierState reopen(DossierState from, LocalDate destroyAfter, LocalDate today) {
        return switch (from) {
            case CLOSED -> {
                if (destroyAfter != null && !today.isBefore(destroyAfter)) {
                    throw new Problem(Problem.Kind.GONE, "The 10-year archive period ended on " + destroyAfter
                            + ": the dossier can no longer be reopened.");
                }
                yield DossierState.ACTIVE;
            }
            case ACTIVE -> throw new Problem(Problem.Kind.CONFLICT, "The dossier is already active.");
            case DESTROYED -> throw new Problem(Problem.Kind.GONE, "The dossier was destroyed: it cannot be reopened.");
        };
    }

    public static DossierState destroy(DossierState from) {
        if (from == DossierState.DESTROYED) {
            throw new Problem(Problem.Kind.GONE, "The dossier was already destroyed.");
        }
        return DossierState.DESTROYED;
    }

    /** The day a dossier closed on {@code closedOn} is destroyed by the retention job. */
    public static LocalDate destroyAfter(LocalDate closedOn) {
        return closedOn.plus(ARCHIVE);
    }

    /** Whether the retention job destroys this dossier today. */
    public static boolean dueForDestruction(DossierState state, LocalDate destroyAfter, LocalDate today) {
        return state == DossierState.CLOSED && destroyAfter != null && !today.isBefore(destroyAfter);
    }
}
