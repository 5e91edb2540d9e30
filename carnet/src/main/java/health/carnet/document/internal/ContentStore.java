package health.carnet.document.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

    /**
     * Stores the {@code length} sealed bytes {@code body} writes (issue #15: sealed while it goes up,
     * never whole in memory: an object store holds at most a part). A failure of {@code body} or of
     * the store leaves nothing stored under the document's key (a multipart upload is aborted).
     */
    void put(UUID dossierId, UUID documentId, long length, SealedBody body);

    /** Writes a body's sealed bytes into the stream it is given (without closing it). */
    @FunctionalInterface
    interface SealedBody {
        void writeTo(OutputStream out) throws IOException;
    }

    Optional<byte[]> get(UUID dossierId, UUID documentId);

    /**
     * The sealed body as a stream, for the caller to close (issue #15: read as it is served); empty
     * when the store holds none. Unreachable: {@link ContentUnavailableException} here; a failure
     * while reading is an {@link IOException} from the stream.
     */
    Optional<InputStream> open(UUID dossierId, UUID documentId);

    void delete(UUID dossierId, UUID documentId);

    /** Deletes every body of a destroyed dossier (SEC-2); returns how many went. */
    int deleteDossier(UUID dossierId);
}
