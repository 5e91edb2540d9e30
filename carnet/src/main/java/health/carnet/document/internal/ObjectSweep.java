package health.carnet.document.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Objects the S3 store must lose (issue #15), kept in {@code document_object_sweep}:
 * <ul>
 * <li>{@code upload}: written (committed on its own) before a body goes up, deleted in the
 * transaction that commits its metadata; a row still here after the grace period names an orphan
 * (the deposit failed or the process died between upload and commit), deleted with its object;</li>
 * <li>{@code deleted}: a document deleted (DOC-4), its key already shredded;</li>
 * <li>{@code destroyed}: a destroyed dossier's prefix (SEC-2), its keys already deleted.</li>
 * </ul>
 * The last two are written in the transaction that shreds the keys, so an object goes only once
 * nothing committed needs it; until the sweeper runs it is sealed under a key that no longer exists.
 */
@Component
public class ObjectSweep {

    private static final Logger log = LoggerFactory.getLogger(ObjectSweep.class);
    private final JdbcClient jdbc;
    private final ContentStores stores;
    private final ContentSettings settings;
    private final TransactionTemplate ownTransaction;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ObjectSweep(JdbcClient jdbc, ContentStores stores, ContentSettings settings, PlatformTransactionManager tm, Clock clock) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.settings = settings;
        this.ownTransaction = new TransactionTemplate(tm);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.transaction = new TransactionTemplate(tm);
        this.clock = clock;
    }

    /** Before uploading: committed at once, whatever the caller's transaction does. */
    public void expectUploads(UUID dossierId, List<UUID> documentIds) {
        Timestamp due = Timestamp.from(clock.instant().plus(settings.orphanGrace()));
        ownTransaction.executeWithoutResult(s -> {
            for (UUID id : documentIds) {
                jdbc.sql("""
                        insert into document_object_sweep (dossier_id, object_key, document_id, due_at, reason)
                        values (?, ?, ?, ?, 'upload') on conflict do nothing""")
                        .params(dossierId, S3ContentStore.key(dossierId, id), id, due).update();
            }
        });
    }

    /**
     * As {@link #expectUploads(UUID, List)} for documents of many dossiers ({@code dossierIds.get(i)}
     * owning {@code documentIds.get(i)}): one statement, one commit (the feed files hundreds at a time).
     */
    public void expectUploads(List<UUID> dossierIds, List<UUID> documentIds) {
        if (documentIds.isEmpty()) {
            return;
        }
        Timestamp due = Timestamp.from(clock.instant().plus(settings.orphanGrace()));
        String[] keys = new String[documentIds.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = S3ContentStore.key(dossierIds.get(i), documentIds.get(i));
        }
        ownTransaction.executeWithoutResult(s -> jdbc.sql("""
                insert into document_object_sweep (dossier_id, object_key, document_id, due_at, reason)
                select dossier_id, object_key, document_id, ?, 'upload'
                from unnest(?::uuid[], ?::text[], ?::uuid[]) as t(dossier_id, object_key, document_id)
                on conflict do nothing""")
                .params(due, dossierIds.toArray(UUID[]::new), keys, documentIds.toArray(UUID[]::new)).update());
    }

    /** As {@link #uploadsCommitted(UUID, List)} for documents of many dossiers, in one statement. */
    public void uploadsCommitted(List<UUID> dossierIds, List<UUID> documentIds) {
        if (documentIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                delete from document_object_sweep s using unnest(?::uuid[], ?::uuid[]) as t(dossier_id, document_id)
                where s.dossier_id = t.dossier_id and s.reason = 'upload' and s.document_id = t.document_id""")
                .params(dossierIds.toArray(UUID[]::new), documentIds.toArray(UUID[]::new)).update();
    }

    /** In the transaction committing the metadata: these uploads are no orphans. */
    public void uploadsCommitted(UUID dossierId, List<UUID> documentIds) {
        jdbc.sql("delete from document_object_sweep where dossier_id = ? and reason = 'upload' and document_id = any(?::uuid[])")
                .params(dossierId, "{" + String.join(",", documentIds.stream().map(UUID::toString).toList()) + "}").update();
    }

    /** Best effort right after a failed deposit; the sweeper retries later whatever this leaves. */
    public void abandonUploads(UUID dossierId, List<UUID> documentIds) {
        S3ContentStore s3 = stores.s3().orElseThrow();
        for (UUID id : documentIds) {
            try {
                s3.delete(dossierId, id);
                jdbc.sql("delete from document_object_sweep where dossier_id = ? and object_key = ? and reason = 'upload'")
                        .params(dossierId, S3ContentStore.key(dossierId, id)).update();
            } catch (RuntimeException e) {
                log.warn("Orphaned upload of document {} left to the sweeper", id);
            }
        }
    }

    /** DOC-4, in the deleting transaction. */
    public void deleted(UUID dossierId, UUID documentId) {
        jdbc.sql("""
                insert into document_object_sweep (dossier_id, object_key, document_id, due_at, reason) values (?, ?, ?, ?, 'deleted')
                on conflict (dossier_id, object_key) do update set reason = 'deleted', due_at = excluded.due_at""")
                .params(dossierId, S3ContentStore.key(dossierId, documentId), documentId, Timestamp.from(clock.instant())).update();
    }

    /** SEC-2, in the destroying transaction (before the document rows go): the dossier's whole prefix. */
    public void destroyed(UUID dossierId) {
        jdbc.sql("""
                insert into document_object_sweep (dossier_id, object_key, document_id, due_at, reason)
                select ?, ?, null, ?, 'destroyed'
                where exists (select 1 from document where dossier_id = ? and content_store = 's3')
                   or exists (select 1 from document_object_sweep where dossier_id = ?)
                on conflict (dossier_id, object_key) do nothing""")
                .params(dossierId, S3ContentStore.prefix(dossierId), Timestamp.from(clock.instant()), dossierId, dossierId).update();
    }

    @Scheduled(fixedDelayString = "${carnet.content.sweep-interval:60s}", initialDelayString = "${carnet.content.sweep-interval:60s}")
    void run() {
        if (stores.s3().isPresent()) {
            try {
                int n = sweep(clock.instant());
                if (n > 0) {
                    log.info("Object sweep: {} object(s) or prefix(es) deleted", n);
                }
            } catch (ContentUnavailableException e) {
                log.warn("Object sweep postponed: the object store is unavailable");
            }
        }
    }

    private record Due(UUID dossierId, String key, UUID documentId, String reason) {
    }

    /** Deletes what is due at {@code now}, a hundred rows per transaction; returns how many rows were done. */
    public int sweep(Instant now) {
        S3ContentStore s3 = stores.s3().orElse(null);
        if (s3 == null) {
            return 0;
        }
        int total = 0;
        while (true) {
            Integer done = transaction.execute(status -> {
                List<Due> due = jdbc.sql("""
                        select dossier_id, object_key, document_id, reason from document_object_sweep where due_at <= ?
                        order by due_at limit 100 for update skip locked""")
                        .param(Timestamp.from(now))
                        .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4)))
                        .list();
                for (Due d : due) {
                    switch (d.reason()) {
                        case "destroyed" -> s3.deleteDossier(d.dossierId());
                        case "upload" -> {
                            // a deposit still committing past the grace period keeps its body
                            boolean committed = jdbc.sql("select count(*) from document where dossier_id = ? and id = ? and content_store = 's3'")
                                    .params(d.dossierId(), d.documentId()).query(Long.class).single() > 0;
                            if (!committed) {
                                s3.delete(d.key());
                            }
                        }
                        default -> s3.delete(d.key());
                    }
                    jdbc.sql("delete from document_object_sweep where dossier_id = ? and object_key = ?").params(d.dossierId(), d.key()).update();
                }
                return due.size();
            });
            total += done;
            if (done < 100) {
                return total;
            }
        }
    }
}
