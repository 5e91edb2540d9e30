package health.carnet.audit;

import java.time.Instant;
import java.util.UUID;

/** One entry of the trail, as recorded (AUD-1). {@code id} and {@code seq} are set when appended. */
public record AuditRecord(long id, Instant at, UUID dossierId, String actorKind, String actorId, String actorName,
                          String profession, String structure, String role, String action, String target,
                          String outcome, String rule, String accessMode, String reason) {

    public static AuditRecord of(Instant at, UUID dossierId, String actorKind, String actorId, String actorName,
                                 String profession, String structure, String role, String action, String target,
                                 String outcome, String rule, String accessMode, String reason) {
        return new AuditRecord(0, at, dossierId, actorKind, actorId, actorName, profession, structure, role, action,
                target, outcome, rule, accessMode, reason);
    }
}
