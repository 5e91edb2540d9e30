package health.carnet.audit;

import health.carnet.audit.internal.AuditRepository;
import health.carnet.audit.internal.AuditWriter;
import health.carnet.shared.Permit;
import java.util.List;
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

    /** The dossier's history, newest first, with the gate's permit to read it (AUD-2). */
    public List<AuditRecord> history(Permit permit, int offset, int count) {
        permit.require(permit.dossierId(), "READ_HISTORY");
        return repository.history(permit.dossierId(), offset, count);
    }

    public ChainVerification verify() {
        return repository.verify();
    }
}
