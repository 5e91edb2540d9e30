package health.carnet.access;

import java.time.Instant;
import java.util.UUID;

/** One of the patient's consents, as the API shows it (FHIR Consent, IHE PCF). */
public record Consent(UUID id, UUID dossierId, ConsentKind kind, String subject, String reason, String method,
                      Instant createdAt, String createdBy, Instant revokedAt, String revokedBy) {
    public boolean active() {
        return revokedAt == null;
    }
}
