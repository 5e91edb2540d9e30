package health.carnet.audit;

import health.carnet.audit.internal.AuditRepository;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The audit module's API. */
@Service
public class AuditTrail {

    private final AuditRepository repository;

    AuditTrail(AuditRepository repository) {
        this.repository = repository;
    }

    /**
     * Appends the record in a transaction of its own, committed before this returns: a refusal is
     * recorded even though the refused request then fails, and an audited read is on disk before
     * any data leaves.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public long append(AuditRecord record) {
        return repository.append(record);
    }

    /** Appends within the caller's transaction: for events that must commit with the change they record. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long appendWithin(AuditRecord record) {
        return repository.append(record);
    }

    /** The dossier's history, newest first (AUD-2: callers go through the gate before). */
    public List<AuditRecord> history(UUID dossierId, int offset, int count) {
        return repository.history(dossierId, offset, count);
    }

    public ChainVerification verify() {
        return repository.verify();
    }
}
