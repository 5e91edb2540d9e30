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
        // the locator (id -> dossier, distributed by the id) in the same statement: Consent/{id} names an id alone;
        // an oral consent is also counted against who declared it (access_oral_declaration, by professional)
        String oral = ORAL.equals(c.method()) ? """
                oral as (insert into access_oral_declaration (idnps, declared_at, consent_id, dossier_id) values (?, ?, ?, ?)),
                """ : "";
        List<Object> params = new java.util.ArrayList<>();
        if (!oral.isEmpty()) {
            params.addAll(List.of(c.createdBy(), Timestamp.from(c.createdAt()), c.id(), c.dossierId()));
        }
        params.addAll(List.of(c.id(), c.dossierId()));
        params.addAll(java.util.Arrays.asList(c.id(), c.dossierId(), c.kind().name(), c.subject(), c.reason(), c.method(),
                Timestamp.from(c.createdAt()), c.createdBy()));
        jdbc.sql("with " + oral + """
                locator as (insert into access_consent_locator (id, dossier_id) values (?, ?))
                insert into access_consent (id, dossier_id, kind, subject, reason, method, created_at, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?)""").params(params).update();
    }

    private static final String ORAL = "ORAL";

    /**
     * How many oral consents (ACC-2 without the card) this professional declared since then, under a
     * transaction-scoped lock on the professional so that two declarations at once count one by one.
     */
    public int oralConsentsSince(String idnps, Instant since) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('oral-consent:' || ?))").param(idnps).query((rs, n) -> 1).list();
        // by professional (access_oral_declaration, V119): one routed range, not every dossier's shard
        return jdbc.sql("select count(*) from access_oral_declaration where idnps = ? and declared_at > ?")
                .params(idnps, Timestamp.from(since)).query(Integer.class).single();
    }

    public List<ConsentRow> active(UUID dossierId) {
        return jdbc.sql("select * from access_consent where dossier_id = ? and revoked_at is null order by created_at")
                .param(dossierId).query(ConsentRepository::row).list();
    }

    public List<ConsentRow> all(UUID dossierId) {
        return jdbc.sql("select * from access_consent where dossier_id = ? order by created_at").param(dossierId)
                .query(ConsentRepository::row).list();
    }

    /** One consent of a dossier: routed to the dossier's shard (docs/scale.md). */
    public Optional<ConsentRow> find(UUID dossierId, UUID id) {
        return jdbc.sql("select * from access_consent where dossier_id = ? and id = ?").params(dossierId, id)
                .query(ConsentRepository::row).optional();
    }

    /**
     * A consent by its id alone, to learn its dossier before the gate is asked (a FHIR Consent/{id}):
     * the locator (routed by the id) gives the dossier, then the consent is read on the dossier's shard.
     * Two statements on purpose: on Citus a subquery on another distribution is not routed.
     */
    public Optional<ConsentRow> locate(UUID id) {
        return dossierOf(id).flatMap(dossierId -> find(dossierId, id));
    }

    /** The dossier of a consent named by its id alone: one routed look-up (access_consent_locator). */
    public Optional<UUID> dossierOf(UUID id) {
        return jdbc.sql("select dossier_id from access_consent_locator where id = ?").param(id).query(UUID.class).optional();
    }

    /**
     * DOS-6: a destroyed dossier's consents, their versions, emergencies, locators and oral declarations
     * go (the global rows by their own keys).
     */
    public void deleteDossier(UUID dossierId) {
        jdbc.sql("delete from access_consent_version where dossier_id = ?").param(dossierId).update();
        List<ConsentRow> gone = jdbc.sql("delete from access_consent where dossier_id = ? returning *").param(dossierId)
                .query(ConsentRepository::row).list();
        jdbc.sql("delete from access_break_glass where dossier_id = ?").param(dossierId).update();
        if (!gone.isEmpty()) {
            // by id, not by dossier: the locator is distributed by the id, so this reaches only the ids' shards
            jdbc.sql("delete from access_consent_locator where id = any(?) and dossier_id = ?")
                    .params(gone.stream().map(ConsentRow::id).toArray(UUID[]::new), dossierId).update();
        }
        List<ConsentRow> oral = gone.stream().filter(c -> ORAL.equals(c.method())).toList();
        if (!oral.isEmpty()) {
            // whom the patient let in orally goes too (DOS-6), by the professionals who declared it (routed)
            jdbc.sql("delete from access_oral_declaration where idnps = any(?) and consent_id = any(?) and dossier_id = ?")
                    .params(oral.stream().map(ConsentRow::createdBy).distinct().toArray(String[]::new),
                            oral.stream().map(ConsentRow::id).toArray(UUID[]::new), dossierId).update();
        }
    }

    public int revoke(UUID dossierId, UUID id, Instant at, String by) {
        return jdbc.sql("update access_consent set revoked_at = ?, revoked_by = ? where dossier_id = ? and id = ? and revoked_at is null")
                .params(Timestamp.from(at), by, dossierId, id).update();
    }

    /** A consent's state at one of its versions, with who recorded it and when (PCF vread). */
    public record VersionRow(ConsentRow consent, int version, Instant recordedAt, String recordedBy) {
    }

    /** Appends the consent's current state as its next version; the caller holds the transaction. */
    public int appendVersion(UUID dossierId, UUID id, Instant at, String by) {
        return jdbc.sql("""
                insert into access_consent_version (dossier_id, consent_id, version, kind, subject, reason, revoked_at, revoked_by,
                    recorded_at, recorded_by)
                select c.dossier_id, c.id, coalesce((select max(version) from access_consent_version v
                                                     where v.dossier_id = c.dossier_id and v.consent_id = c.id), 0) + 1,
                       c.kind, c.subject, c.reason, c.revoked_at, c.revoked_by, ?, ?
                from access_consent c where c.dossier_id = ? and c.id = ?
                returning version""").params(Timestamp.from(at), by, dossierId, id).query(Integer.class).single();
    }

    public void update(UUID dossierId, UUID id, ConsentKind kind, String subject, String reason, Instant revokedAt, String revokedBy) {
        jdbc.sql("update access_consent set kind = ?, subject = ?, reason = ?, revoked_at = ?, revoked_by = ? where dossier_id = ? and id = ?")
                .params(kind.name(), subject, reason, revokedAt == null ? null : Timestamp.from(revokedAt), revokedBy, dossierId, id)
                .update();
    }

    public Optional<VersionRow> latest(UUID dossierId, UUID id) {
        return versions(dossierId, id).stream().reduce((a, b) -> b);
    }

    public List<VersionRow> versions(UUID dossierId, UUID id) {
        return jdbc.sql("""
                select v.consent_id, c.dossier_id, v.kind, v.subject, v.reason, c.method, c.created_at, c.created_by, v.revoked_at,
                       v.revoked_by, v.version, v.recorded_at, v.recorded_by
                from access_consent_version v join access_consent c on c.dossier_id = v.dossier_id and c.id = v.consent_id
                where v.dossier_id = ? and v.consent_id = ? order by v.version""").params(dossierId, id)
                .query((rs, n) -> {
                    Timestamp revoked = rs.getTimestamp(9);
                    return new VersionRow(new ConsentRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            ConsentKind.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getTimestamp(7).toInstant(), rs.getString(8), revoked == null ? null : revoked.toInstant(), rs.getString(10)),
                            rs.getInt(11), rs.getTimestamp(12).toInstant(), rs.getString(13));
                }).list();
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
