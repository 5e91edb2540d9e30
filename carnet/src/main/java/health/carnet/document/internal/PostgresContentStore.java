package health.carnet.document.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Bodies as {@code bytea} rows of {@code document_content}, in the caller's transaction: the
 * embedded default, and the source of {@code move-content-to-s3}. Reads of a deposit's body join it
 * with the metadata in one round trip ({@link DocumentRepository#fetch}); this port serves the rest.
 */
public final class PostgresContentStore implements ContentStore {

    public static final String NAME = "postgresql";
    private final JdbcClient jdbc;

    PostgresContentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public void put(UUID dossierId, UUID documentId, byte[] sealed) {
        jdbc.sql("""
                insert into document_content (dossier_id, document_id, content) values (?, ?, ?)
                on conflict (dossier_id, document_id) do update set content = excluded.content""")
                .params(dossierId, documentId, sealed).update();
    }

    /** A bytea is written whole: the sealed array is made here (PostgreSQL has no parts). */
    @Override
    public void put(UUID dossierId, UUID documentId, long length, SealedBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
        try {
            body.writeTo(out);
        } catch (IOException e) {
            throw new IllegalStateException("Sealing failed", e);
        }
        put(dossierId, documentId, out.toByteArray());
    }

    @Override
    public Optional<InputStream> open(UUID dossierId, UUID documentId) {
        return get(dossierId, documentId).map(ByteArrayInputStream::new);
    }

    @Override
    public Optional<byte[]> get(UUID dossierId, UUID documentId) {
        return jdbc.sql("select content from document_content where dossier_id = ? and document_id = ?")
                .params(dossierId, documentId).query(byte[].class).optional();
    }

    @Override
    public void delete(UUID dossierId, UUID documentId) {
        jdbc.sql("delete from document_content where dossier_id = ? and document_id = ?").params(dossierId, documentId).update();
    }

    @Override
    public int deleteDossier(UUID dossierId) {
        return jdbc.sql("delete from document_content where dossier_id = ?").param(dossierId).update();
    }
}
