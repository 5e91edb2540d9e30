package health.carnet.support;

import health.carnet.audit.AuditRecord;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the audit trail recorded for a dossier, newest first, read straight from its table: tests
 * check the trail without a permit, which the application's own history (AUD-2) requires.
 */
public final class AuditEntries {

    private AuditEntries() {
    }

    public static List<AuditRecord> of(JdbcClient jdbc, UUID dossierId, int count) {
        return jdbc.sql("""
                select id, at, dossier_id, actor_kind, actor_id, actor_name, profession, structure, role, action, target,
                       outcome, rule, access_mode, reason
                from audit_event where dossier_id = ? order by id desc limit ?""")
                .params(dossierId, count)
                .query((rs, i) -> new AuditRecord(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15)))
                .list();
    }

    /** What the trail recorded with no dossier (decisions that named none, such as a refused PDQm search by name), newest first. */
    public static List<AuditRecord> withoutDossierBy(JdbcClient jdbc, String actorId, int count) {
        return jdbc.sql("""
                select id, at, dossier_id, actor_kind, actor_id, actor_name, profession, structure, role, action, target,
                       outcome, rule, access_mode, reason
                from audit_event where dossier_id is null and actor_id = ? order by id desc limit ?""")
                .params(actorId, count)
                .query((rs, i) -> new AuditRecord(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15)))
                .list();
    }
}
