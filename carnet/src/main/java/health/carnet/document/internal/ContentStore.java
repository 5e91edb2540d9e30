package health.carnet.document.internal;

import java.util.Optional;
import java.util.UUID;

/**
 * Where document bodies live (issue #15, SPEC §14): a port with two implementations chosen by
 * {@code carnet.content.store}: {@link PostgresContentStore} (the embedded default: a bytea row
 * beside the metadata, written in the deposit's transaction) and {@link S3ContentStore}
 * (S3-compatible object storage, written before the metadata commits). Every body handed to a
 * store is already sealed with its document's key (SEC-1): a store never sees plaintext, and
 * destroying the key (SEC-2) makes whatever copy it keeps unreadable. Each document records the
 * store holding its body ({@code document.content_store}), so bodies can move while the server runs.
 *
 * <p>Contract: {@code put} is idempotent for a document id; {@code get} answers empty when the
 * store holds no body for the document, and throws {@link ContentUnavailableException} when the
 * store does not answer (never "not found" for an unreachable store).
 */
public interface ContentStore {

    /** The name recorded with each document: {@code postgresql} or {@code s3}. */
    String name();

    /** True when bodies are written in the caller's database transaction (nothing to sweep on a rollback). */
    boolean transactional();

    void put(UUID dossierId, UUID documentId, byte[] sealed);

    Optional<byte[]> get(UUID dossierId, UUID documentId);

    void delete(UUID dossierId, UUID documentId);

    /** Deletes every body of a destroyed dossier (SEC-2); returns how many went. */
    int deleteDossier(UUID dossierId);
}
