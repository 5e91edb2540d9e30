package health.carnet.access.internal;

import health.carnet.access.ConsentKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ConsentRepository {

    private final JdbcClient jdbc;

    public ConsentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record ConsentRow(UUID id, UUID dossierId, ConsentKind kind, String subject, String reason, String method,
                             Instant createdAt, String createdBy, Instant revokedAt, String revokedBy) {
    }

    public void insert(ConsentRow c) {
        jdbc.sql("""
                insert into access_consent (id, dossier_id, kind, subject, reason, method, created_at, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(c.id(), c.dossierId(), c.kind().name(), c.subject(), c.reason(), c.method(),
                        Timestamp.from(c.createdAt()), c.createdBy())
                .update();
    }

    public List<ConsentRow> active(UUID dossierId) {
        return jdbc.sql("select * from access_consent where dossier_id = ? and revoked_at is null order by created_at")
                .param(dossierId).query(ConsentRepository::row).list();
    }

    public List<ConsentRow> all(UUID dossierId) {
        return jdbc.sql("select * from access_consent where dossier_id = ? order by created_at").param(dossierId)
                .query(ConsentRepository::row).list();
    }

    public Optional<ConsentRow> find(UUID id) {
        return jdbc.sql("select * from access_consent where id = ?").param(id).query(ConsentRepository::row).optional();
    }

    public int revoke(UUID id, Instant at, String by) {
        return jdbc.sql("update access_consent set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null")
                .params(Timestamp.from(at), by, id).update();
    }

    public Optional<Instant> breakGlassUntil(UUID dossierId, String idnps, Instant now) {
        return jdbc.sql("select max(until) from access_break_glass where dossier_id = ? and idnps = ? and until > ?")
                .params(dossierId, idnps, Timestamp.from(now)).query(Timestamp.class).list().stream()
                .filter(java.util.Objects::nonNull).findFirst().map(Timestamp::toInstant);
    }

    public void openBreakGlass(UUID dossierId, String idnps, String reason, Instant at, Instant until) {
        jdbc.sql("insert into access_break_glass (id, dossier_id, idnps, reason, opened_at, until) values (?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), dossierId, idnps, reason, Timestamp.from(at), Timestamp.from(until)).update();
    }

    private static ConsentRow row(ResultSet rs, int n) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ConsentRow(rs.getObject("id", UUID.class), rs.getObject("dossier_id", UUID.class),
                ConsentKind.valueOf(rs.getString("kind")), rs.getString("subject"), rs.getString("reason"),
                rs.getString("method"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                revoked == null ? null : revoked.toInstant(), rs.getString("revoked_by"));
    }
}
