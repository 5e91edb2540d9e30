package health.carnet.audit;

import java.time.Instant;
import java.util.Set;

/**
 * Filters on one dossier's history (the AuditEvent search, BALP); null means no filter.
 *
 * @param from       recorded at or after
 * @param to         recorded at or before
 * @param actorIds   who acted (IDNPS or patient login)
 * @param actions    what was asked (access.Action names, LOGIN, ...)
 * @param rules      the SPEC rule that decided
 * @param outcomes   PERMIT, DENY, SUCCESS, FAILURE
 * @param targetLike a piece of the target (a document id)
 */
public record AuditQuery(Instant from, Instant to, Set<String> actorIds, Set<String> actions, Set<String> rules,
                         Set<String> outcomes, String targetLike) {

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null);
    }
}
