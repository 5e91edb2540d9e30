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
        jdbc.batchUpdate("""
                insert into dossier (id, ins, ins_oid, family_name, given_names, name_norm, birth_date, sex, state, created_at,
                    created_by, creation_channel, consent_by, consent_at, consent_method, notify_channel, email, medecin_traitant)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, 'PROFESSIONAL', ?, ?, 'BULK', 'EMAIL', ?, ?)
                on conflict (ins) where state <> 'DESTROYED' do nothing""", rows, rows.size(), (ps, r) -> {
            ps.setObject(1, r.id());
            ps.setString(2, r.ins().value());
            ps.setString(3, r.ins().kind().oid());
            ps.setString(4, r.familyName());
            ps.setString(5, r.givenNames());
            ps.setString(6, Text.fold(r.familyName() + " " + r.givenNames()));
            ps.setDate(7, Date.valueOf(r.birthDate()));
            ps.setString(8, String.valueOf(r.sex()));
            ps.setTimestamp(9, now);
            ps.setString(10, createdBy);
            ps.setString(11, createdBy);
            ps.setTimestamp(12, now);
            ps.setString(13, r.email());
            ps.setString(14, r.medecinTraitant());
        });
        audit.append(AuditRecord.of(clock.instant(), null, "SYSTEM", "operator", createdBy, null, null, "OPERATOR",
                "BULK_LOAD_DOSSIERS", rows.size() + " dossier(s) from " + rows.get(0).id(), "SUCCESS", "API-3", null, null));
    }
}
