package health.carnet.access;

import health.carnet.shared.Actor;
import java.util.UUID;

/**
 * Who asks to do what on which dossier. {@code reason} is the stated reason of a break-glass
 * access (EMG-2); null otherwise.
 */
public record AccessRequest(Actor actor, Action action, UUID dossierId, String reason) {
    public AccessRequest(Actor actor, Action action, UUID dossierId) {
        this(actor, action, dossierId, null);
    }
}
