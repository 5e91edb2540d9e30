package health.carnet.document.internal;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves bodies from PostgreSQL to the S3 store while the server runs (issue #15). Each body is
 * copied (still sealed) first, then one short transaction points its document at S3 and deletes the
 * row, under the document's row lock: a reader sees either the row or the object (one statement
 * reads both where and what, {@link DocumentRepository#fetch}); a document deleted or destroyed
 * meanwhile is not switched, and its copy is deleted.
 */
@Component
public class ContentMove {

    private final JdbcClient jdbc;
    private final ContentStores stores;
    private final TransactionTemplate transaction;

    ContentMove(JdbcClient jdbc, ContentStores stores, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.transaction = new TransactionTemplate(transactions);
    }

    private record Body(UUID dossierId, UUID documentId) {
    }

    /** Moves up to {@code limit} bodies (of one dossier when {@code dossierId} is not null); returns how many moved. */
    public int moveToS3(UUID dossierId, int limit) {
        S3ContentStore s3 = stores.s3().orElseThrow(() -> new IllegalStateException(
                "No S3 store configured: set carnet.content.s3.endpoint and carnet.content.s3.bucket"));
        List<Body> batch = jdbc.sql("select dossier_id, document_id from document_content"
                        + (dossierId == null ? "" : " where dossier_id = ?") + " limit ?")
                .params(dossierId == null ? List.of(limit) : List.of(dossierId, limit))
                .query((rs, n) -> new Body(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
        int moved = 0;
        for (Body b : batch) {
            byte[] sealed = stores.postgres().get(b.dossierId(), b.documentId()).orElse(null);
            if (sealed == null) {
                continue;
            }
            s3.put(b.dossierId(), b.documentId(), sealed);
            Boolean switched = transaction.execute(s -> {
                int n = jdbc.sql("""
                        update document set content_store = 's3' where dossier_id = ? and id = ? and content_store = 'postgresql'
                        and exists (select 1 from document_content c where c.dossier_id = document.dossier_id and c.document_id = document.id)""")
                        .params(b.dossierId(), b.documentId()).update();
                if (n == 1) {
                    stores.postgres().delete(b.dossierId(), b.documentId());
                }
                return n == 1;
            });
            if (Boolean.TRUE.equals(switched)) {
                moved++;
            } else {
                s3.delete(b.dossierId(), b.documentId());
            }
        }
        return moved;
    }

    /** Moves every body, batch after batch; returns how many moved. */
    public long moveAllToS3(UUID dossierId, int batchSize) {
        long total = 0;
        while (true) {
            int n = moveToS3(dossierId, batchSize);
            total += n;
            if (n == 0) {
                return total;
            }
        }
    }
}
