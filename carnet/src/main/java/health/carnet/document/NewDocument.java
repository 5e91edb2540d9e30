package health.carnet.document;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A validated document to store: its index entry, its metadata as deposited (JSON) and its bytes. */
public record NewDocument(UUID id, String masterIdentifier, String authorKind, String authorId, String classCode,
                          String typeCode, String confidentiality, Set<String> labels, String contentType,
                          String formatCode, Instant indexedAt, Instant serviceStart, UUID replaces,
                          String metadataJson, byte[] content) {
}
