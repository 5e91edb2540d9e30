package health.carnet.dossier.operator;

import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.shared.Ins;
import health.carnet.shared.Text;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bulk creation of dossiers for load tests and migrations (the data generator): batched inserts of
 * dossiers with recorded consent and a médecin traitant, without logins. An operator path, not a
 * clinical API: only modules that declare {@code dossier :: operator} reach it (the demo), nothing
 * over HTTP; each batch leaves its own audit entry.
 */
@Component
public class BulkLoad {

    private final JdbcTemplate jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    BulkLoad(JdbcTemplate jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public record Row(UUID id, Ins ins, String familyName, String givenNames, LocalDate birthDate, char sex, String email,
                      String medecinTraitant) {
    }

    @Transactional
    public void insert(List<Row> rows, String createdBy) {
        if (rows.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        // ID-2: dossier_ins (one live dossier per INS) decides; an INS already live is skipped
        jdbc.batchUpdate("""
                with live as (insert into dossier_ins (ins, dossier_id) values (?, ?) on conflict (ins) where live do nothing returning dossier_id)
                insert into dossier (id, ins, ins_oid, family_name, given_names, name_norm, birth_date, sex, state, created_at,
                    created_by, creation_channel, consent_by, consent_at, consent_method, notify_channel, email, medecin_traitant)
                select dossier_id, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, 'PROFESSIONAL', ?, ?, 'BULK', 'EMAIL', ?, ? from live""",
                rows, rows.size(), (ps, r) -> {
            ps.setString(1, r.ins().value());
            ps.setObject(2, r.id());
            ps.setString(3, r.ins().value());
            ps.setString(4, r.ins().kind().oid());
            ps.setString(5, r.familyName());
            ps.setString(6, r.givenNames());
            ps.setString(7, Text.fold(r.familyName() + " " + r.givenNames()));
            ps.setDate(8, Date.valueOf(r.birthDate()));
            ps.setString(9, String.valueOf(r.sex()));
            ps.setTimestamp(10, now);
            ps.setString(11, createdBy);
            ps.setString(12, createdBy);
            ps.setTimestamp(13, now);
            ps.setString(14, r.email());
            ps.setString(15, r.medecinTraitant());
        });
        audit.append(AuditRecord.of(clock.instant(), null, "SYSTEM", "operator", createdBy, null, null, "OPERATOR",
                "BULK_LOAD_DOSSIERS", rows.size() + " dossier(s) from " + rows.get(0).id(), "SUCCESS", "API-3", null, null));
    }
}
