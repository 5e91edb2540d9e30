package health.carnet.audit;

import health.carnet.audit.internal.AuditRepository;
import health.carnet.audit.internal.AuditWriter;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The audit module's API. */
@Service
public class AuditTrail {

    private final AuditRepository repository;
    private final AuditWriter writer;

    AuditTrail(AuditRepository repository, AuditWriter writer) {
        this.repository = repository;
        this.writer = writer;
    }

    /**
     * Appends the record in a transaction of its own (shared with concurrent appends: group commit),
     * committed before this returns: a refusal is recorded even though the refused request then
     * fails, and an audited read is on disk before any data leaves.
     */
    public long append(AuditRecord record) {
        return writer.appendAndWait(record);
    }

    /** The dossier's history, newest first (AUD-2: callers go through the gate before). */
    public List<AuditRecord> history(UUID dossierId, int offset, int count) {
        return repository.history(dossierId, offset, count);
    }

    /** The dossier's history filtered for a reader, newest first (AUD-2: callers go through the gate before). */
    public List<AuditRecord> history(UUID dossierId, HistoryFilter filter, int offset, int count) {
        return repository.history(dossierId, filter, offset, count);
    }

    public ChainVerification verify() {
        return repository.verify();
    }
}
