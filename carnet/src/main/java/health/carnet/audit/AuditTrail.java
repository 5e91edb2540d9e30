package health.carnet.audit;

import health.carnet.audit.internal.AuditHeads;
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
    private final AuditHeads heads;

    AuditTrail(AuditRepository repository, AuditWriter writer, AuditHeads heads) {
        this.repository = repository;
        this.writer = writer;
        this.heads = heads;
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

    /**
     * AUD-3: every chain recomputed (keyed entries with the audit key), then the whole trail
     * compared with the signed heads published so far, streaming the table twice in constant memory.
     */
    public ChainVerification verify() {
        ChainVerification chains = repository.verifyChains();
        if (!chains.intact()) {
            return chains;
        }
        ChainVerification published = heads.verify();
        return published == null ? chains : published;
    }

    /** Appends a signed head of the trail as committed now to the heads file; false when nothing new was appended. */
    public boolean publishHead() {
        return heads.publish() != null;
    }

    /** The file the signed heads are appended to. */
    public java.nio.file.Path headsFile() {
        return heads.file();
    }
}
