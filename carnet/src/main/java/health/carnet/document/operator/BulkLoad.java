package health.carnet.document.operator;

import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.crypto.DossierCrypto;
import health.carnet.document.Documents;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bulk deposit for the data generator: documents encrypted with their dossier's key exactly as a
 * deposit stores them, in batches. Writes only; reading still goes through the gate. An operator
 * path, not a clinical API: only modules that declare {@code document :: operator} reach it (the
 * demo), nothing over HTTP; each batch leaves its own audit entry.
 */
@Component("documentBulkLoad")
public class BulkLoad {

    private final JdbcTemplate jdbc;
    private final DossierCrypto crypto;
    private final AuditTrail audit;
    private final Clock clock;

    BulkLoad(JdbcTemplate jdbc, DossierCrypto crypto, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.crypto = crypto;
        this.audit = audit;
        this.clock = clock;
    }

    public record Row(UUID id, UUID dossierId, String masterIdentifier, String authorIdnps, String classCode, String typeCode,
                      String contentType, String metadataJson, byte[] content) {
    }

    @Transactional
    public void insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        // document_uid (masterIdentifier unique in the service) and document_locator (id -> dossier), as a deposit
        jdbc.batchUpdate("""
                with uid as (insert into document_uid (kind, master_identifier, dossier_id, id) values ('document', ?, ?, ?)),
                locator as (insert into document_locator (id, dossier_id, kind) values (?, ?, 'document'))
                insert into document (id, dossier_id, master_identifier, status, author_kind, author_id, class_code, type_code,
                    confidentiality, labels, content_type, size, hash, indexed_at, metadata)
                values (?, ?, ?, 'current', 'PROFESSIONAL', ?, ?, ?, 'N', '{}', ?, ?, ?, ?, ?)""", rows, rows.size(), (ps, r) -> {
            ps.setString(1, r.masterIdentifier());
            ps.setObject(2, r.dossierId());
            ps.setObject(3, r.id());
            ps.setObject(4, r.id());
            ps.setObject(5, r.dossierId());
            ps.setObject(6, r.id());
            ps.setObject(7, r.dossierId());
            ps.setString(8, r.masterIdentifier());
            ps.setString(9, r.authorIdnps());
            ps.setString(10, r.classCode());
            ps.setString(11, r.typeCode());
            ps.setString(12, r.contentType());
            ps.setLong(13, r.content().length);
            ps.setString(14, Documents.sha1(r.content()));
            ps.setTimestamp(15, now);
            ps.setBytes(16, crypto.seal(r.dossierId(), r.metadataJson().getBytes(StandardCharsets.UTF_8),
                    Documents.aad("meta", r.id())));
        });
        jdbc.batchUpdate("insert into document_content (dossier_id, document_id, content) values (?, ?, ?)", rows, rows.size(), (ps, r) -> {
            ps.setObject(1, r.dossierId());
            ps.setObject(2, r.id());
            ps.setBytes(3, crypto.seal(r.dossierId(), r.content(), Documents.aad("content", r.id())));
        });
        audit.append(AuditRecord.of(clock.instant(), null, "SYSTEM", "operator", null, null, null, "OPERATOR",
                "BULK_LOAD_DOCUMENTS", rows.size() + " document(s) from " + rows.get(0).id(), "SUCCESS", "API-3", null, null));
    }
}
