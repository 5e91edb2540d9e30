package health.carnet.audit.internal;

import health.carnet.audit.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the audit trail: concurrent requests hand their records to one writer, which
 * appends everything waiting in one transaction and then releases every caller. Each caller still
 * returns only once its record is committed (synchronous audit), but sixteen requests share one
 * commit (one fsync) instead of paying one each.
 */
@Component
public class AuditWriter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    private static final int MAX_BATCH = 256;
    private static final long LINGER_NANOS = Long.getLong("carnet.audit.linger-micros", 300) * 1000;
    private boolean busy;

    private record Pending(AuditRecord record, CompletableFuture<Long> done) {
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AuditRepository repository;
    private final TransactionTemplate transactions;
    private final Thread writer;
    private volatile boolean running = true;

    AuditWriter(AuditRepository repository, TransactionTemplate transactions) {
        this.repository = repository;
        this.transactions = transactions;
        this.writer = new Thread(this::loop, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Appends and waits for the commit; returns the record's id. */
    public long appendAndWait(AuditRecord record) {
        Pending p = new Pending(record, new CompletableFuture<>());
        queue.add(p);
        try {
            return p.done().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing the audit trail", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The audit trail could not be written: the request is refused", e);
        }
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                if (busy && batch.size() < MAX_BATCH) {
                    // under load, a moment's wait lets more requests join the commit: fewer statements per entry
                    java.util.concurrent.locks.LockSupport.parkNanos(LINGER_NANOS);
                    queue.drainTo(batch, MAX_BATCH - batch.size());
                }
                busy = batch.size() > 1;
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            List<Long> ids = transactions.execute(tx -> repository.appendAll(batch.stream().map(Pending::record).toList()));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(ids.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                log.error("Audit append failed", e);
                batch.get(0).done().completeExceptionally(e);
                return;
            }
            // one bad record must not fail the others: retry them one by one
            for (Pending p : batch) {
                write(new ArrayList<>(List.of(p)));
            }
        }
    }

    @Override
    public void destroy() {
        running = false;
        writer.interrupt();
    }
}
