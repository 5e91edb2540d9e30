package health.carnet.audit;

import health.carnet.audit.internal.AuditHeads;
import health.carnet.audit.internal.AuditRepository;
import health.carnet.audit.internal.AuditWriter;
import health.carnet.shared.Permit;
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

    /** The dossier's history, newest first, with the gate's permit to read it (AUD-2). */
    public List<AuditRecord> history(Permit permit, int offset, int count) {
        permit.require(permit.dossierId(), "READ_HISTORY");
        return repository.history(permit.dossierId(), offset, count);
    }

    /** As {@link #history(Permit, int, int)}, keeping the entries the reader's filter asks for (the patients' portal). */
    public List<AuditRecord> history(Permit permit, HistoryFilter filter, int offset, int count) {
        permit.require(permit.dossierId(), "READ_HISTORY");
        return repository.history(permit.dossierId(), filter, offset, count);
    }

    /**
     * The dossier's history matching the query (the AuditEvent search, BALP), newest first, with the
     * gate's permit to read it (AUD-2), leaving out the entries whose target names one of
     * {@code hidden} (the ids and uniqueIds of documents hidden from the reader, DOC-7, MIN-3): they
     * are neither shown nor counted by the offset, so no page betrays them.
     */
    public List<AuditRecord> history(Permit permit, AuditQuery query, java.util.Set<String> hidden, int offset, int count) {
        permit.require(permit.dossierId(), "READ_HISTORY");
        UUID dossierId = permit.dossierId();
        return withoutHidden(hidden, offset, count, (o, n) -> repository.history(dossierId, query, o, n));
    }

    /**
     * As {@link #history(Permit, HistoryFilter, int, int)} (the patients' portal), leaving out the
     * entries whose target names one of {@code hidden}, as the AuditEvent search does (DOC-7, MIN-3):
     * a legal representative's page neither shows nor counts what is hidden from them.
     */
    public List<AuditRecord> history(Permit permit, HistoryFilter filter, java.util.Set<String> hidden, int offset, int count) {
        permit.require(permit.dossierId(), "READ_HISTORY");
        UUID dossierId = permit.dossierId();
        return withoutHidden(hidden, offset, count, (o, n) -> repository.history(dossierId, filter, o, n));
    }

    private static List<AuditRecord> withoutHidden(java.util.Set<String> hidden, int offset, int count,
                                                   java.util.function.BiFunction<Integer, Integer, List<AuditRecord>> read) {
        if (hidden.isEmpty()) {
            return read.apply(offset, count);
        }
        int chunkSize = 200;
        List<AuditRecord> out = new java.util.ArrayList<>();
        int skipped = 0;
        for (int dbOffset = 0; out.size() < count; dbOffset += chunkSize) {
            List<AuditRecord> chunk = read.apply(dbOffset, chunkSize);
            for (AuditRecord r : chunk) {
                if (r.target() != null && hidden.stream().anyMatch(r.target()::contains)) {
                    continue;
                }
                if (skipped < offset) {
                    skipped++;
                } else if (out.size() < count) {
                    out.add(r);
                }
            }
            if (chunk.size() < chunkSize) {
                break;
            }
        }
        return out;
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
}
