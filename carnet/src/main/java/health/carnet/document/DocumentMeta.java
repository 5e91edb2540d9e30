package health.carnet.document;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A document's clear-text index entry; the deposited metadata itself stays sealed until opened. */
public record DocumentMeta(UUID id, UUID dossierId, String masterIdentifier, String status, String authorKind,
                           String authorId, String classCode, String typeCode, String confidentiality, Set<String> labels,
                           String contentType, String formatCode, long size, String hash, Instant indexedAt,
                           Instant serviceStart, UUID replaces, UUID submissionSet, int version) {

    public boolean isCurrent() {
        return "current".equals(status);
    }
}
