package health.carnet.feed.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL of the feed tables. Bulk writes go through COPY into a session's staging table, then one upsert. */
@Repository
public class FeedStore {


    private final JdbcTemplate jdbc;

    FeedStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A sealed claim ready to store: for a dossier (dossierId) or kept aside for a NIR (FEED-3). */
    public record Staged(String claimId, UUID dossierId, String nir, LocalDate serviceDate, String kind, byte[] content,
                         byte[] contentHash, String source) {
    }

    public record Rejection(long line, String reason) {
    }

    public record ImportRow(long id, long linesDone, long bytesDone, long read, long stored, long unchanged, long keptAside,
                            long insured, long rejected, boolean finished) {
    }

    public record Counts(long stored, long unchanged, long keptAside) {
    }

    // --- imports and their checkpoints ------------------------------------------------------------

    public ImportRow openImport(String fileKey, String fileName, long size, Instant now) {
        jdbc.update("""
                insert into feed_import (file_key, file_name, file_size, started_at) values (?, ?, ?, ?)
                on conflict (file_key) do nothing""", fileKey, fileName, size, Timestamp.from(now));
        return jdbc.queryForObject(IMPORT_ROW + " where file_key = ?", FeedStore::importRow, fileKey);
    }

    public ImportRow importRow(long id) {
        return jdbc.queryForObject(IMPORT_ROW + " where id = ?", FeedStore::importRow, id);
    }

    private static final String IMPORT_ROW = """
            select id, lines_done, bytes_done, read, stored, unchanged, kept_aside, insured, rejected, finished_at is not null
            from feed_import""";

    private static ImportRow importRow(ResultSet rs, int n) throws SQLException {
        return new ImportRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getBoolean(10));
    }

    public List<Rejection> rejections(long importId, int limit) {
        return jdbc.query("select line, reason from feed_rejection where import_id = ? order by line limit ?",
                (rs, n) -> new Rejection(rs.getLong(1), rs.getString(2)), importId, limit);
    }

    /** Refreshes the planner's statistics of the claim tables (a few hundred milliseconds: a sample, not a scan). */
    public void analyze() {
        jdbc.execute("analyze feed_claim, feed_pending");
    }

    public void finish(long importId, Instant now) {
        jdbc.update("update feed_import set finished_at = ? where id = ?", Timestamp.from(now), importId);
    }

    private static final int LOCK_SPACE = 0x0fee0;

    static boolean lockImport(Connection c, long importId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, LOCK_SPACE);
            ps.setInt(2, (int) importId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static void unlockImport(Connection c, long importId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, LOCK_SPACE);
            ps.setInt(2, (int) importId);
            ps.execute();
        }
    }

    // The REMB documents and the importers take turns (FEED-4): an importer holds the render lock shared
    // for its whole run, a renderer's batch takes it exclusive for its transaction or stands aside. So no
    // renderer unmarks a dossier while a file is being loaded, and an import's batches can mark their
    // dossiers with "on conflict do nothing" (an index probe) instead of locking a mark already there
    // (a row version written for most claims of a first load, whose dossiers recur batch after batch).
    // One lock per renderer slot, so that renderers never exclude each other; importers share them all.
    private static final int RENDER_LOCK_SPACE = 0x0fee1;
    /** Slots 0..14 for the renderers of a server, 15 for a dossier rendered at once ({@code RembDocuments.refreshNow}). */
    static final int RENDER_SLOTS = 16;

    /** An importer's side of the render lock, held by its session until {@link #releaseRenderLock}. */
    static void holdRenderLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_lock_shared(?, s) from generate_series(0, ?) s")) {
            ps.setInt(1, RENDER_LOCK_SPACE);
            ps.setInt(2, RENDER_SLOTS - 1);
            ps.execute();
        }
    }

    static void releaseRenderLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock_shared(?, s) from generate_series(0, ?) s")) {
            ps.setInt(1, RENDER_LOCK_SPACE);
            ps.setInt(2, RENDER_SLOTS - 1);
            ps.execute();
        }
    }

    /** A renderer's side, for its current transaction: false while any import runs (on any server). */
    public boolean tryRenderLock(int slot) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?, ?)", Boolean.class, RENDER_LOCK_SPACE, slot));
    }

    /** The session's staging tables (emptied at each commit). */
    static void prepare(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    create temp table if not exists feed_stage (claim_id text, dossier_id uuid, service_date date, kind text,
                        content bytea, content_hash bytea, source text) on commit delete rows""");
            s.execute("""
                    create temp table if not exists feed_stage_pending (claim_id text, nir char(15), service_date date, kind text,
                        content bytea, content_hash bytea, source text) on commit delete rows""");
        }
    }

    /**
     * Writes one batch and its checkpoint in the caller's transaction: COPY into staging, then an
     * upsert that replaces a claim only when its content changed (the replaced version is kept in
     * feed_claim_superseded), so replaying a batch after a crash changes nothing.
     */
    static Counts writeBatch(Connection c, List<Staged> rows, List<Rejection> rejections, long importId, long linesDone,
                             long bytesDone, long read, long insured, Instant now, FirstLoad.Guess guess) throws SQLException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        boolean claims = rows.stream().anyMatch(r -> r.dossierId() != null);
        boolean pending = rows.stream().anyMatch(r -> r.dossierId() == null);
        long stored = 0;
        long keptAside = 0;
        Timestamp at = Timestamp.from(now);
        // issue #15: where the batch's claims are filed now, from feed_claim_locator (by claim id, not feed_claim by claim id)
        // after a batch that was all new, the next one most likely is too (a first load): try its COPY at once,
        // the locator's key refusing it if not, and look up only then (a probe of the whole batch saved each time)
        java.util.Map<String, UUID> located = claims && !guess.claimsNew ? located(c, rows) : java.util.Map.of();
        if (claims && located.isEmpty()) {
            // a first load: every claim of the batch is new, so COPY goes straight into feed_claim (no staging, no
            // upsert, no join), the rate of a plain COPY; a concurrent importer that stored one meanwhile makes it
            // fail on the key, and the batch then takes the upsert below
            stored = copyNew(c, copy, rows, at);
            guess.claimsNew = stored >= 0;
            if (stored >= 0) {
                claims = false;
            } else {
                stored = 0;
                located = located(c, rows);
            }
        }
        boolean allNew = pending && (guess.pendingNew || allNewPending(c, rows));
        if (allNew) {
            // the same for the claims kept aside (FEED-3): none of them is kept yet, COPY straight in
            keptAside = copyNewPending(c, copy, rows, at);
            guess.pendingNew = keptAside >= 0;
            if (keptAside >= 0) {
                pending = false;
            } else {
                keptAside = 0;
            }
        } else if (pending) {
            guess.pendingNew = false;
        }
        try {
            if (claims) {
                copy.copyIn("copy feed_stage from stdin (format binary)", new java.io.ByteArrayInputStream(staging(rows, true)));
            }
            if (pending) {
                copy.copyIn("copy feed_stage_pending from stdin (format binary)", new java.io.ByteArrayInputStream(staging(rows, false)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (claims) {
            // a claim now filed under another person (a corrected NIR) leaves its former dossier first:
            // feed_claim is keyed by dossier (issue #15), one claim id lives in one dossier at a time;
            // its last version there is kept as replaced, and that dossier's REMB is rendered again.
            // The locator says which claims move and from where: the delete names their former dossiers
            List<UUID> fromDossiers = new ArrayList<>();
            List<String> movedIds = new ArrayList<>();
            java.util.Map<String, UUID> toLocate = new java.util.LinkedHashMap<>();
            for (Staged r : rows) {
                if (r.dossierId() == null) {
                    continue;
                }
                UUID was = located.get(r.claimId());
                if (was == null) {
                    toLocate.put(r.claimId(), r.dossierId());
                } else if (!was.equals(r.dossierId())) {
                    fromDossiers.add(was);
                    movedIds.add(r.claimId());
                    toLocate.put(r.claimId(), r.dossierId());
                }
            }
            if (!movedIds.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("""
                        with moved as (
                            delete from feed_claim f using unnest(?::uuid[], ?::text[]) as t(dossier_id, claim_id)
                            where f.dossier_id = t.dossier_id and f.claim_id = t.claim_id
                            returning f.claim_id, f.version, f.dossier_id, f.content, f.content_hash, f.source),
                        kept as (
                            insert into feed_claim_superseded (claim_id, version, dossier_id, content, content_hash, source, replaced_at)
                            select claim_id, version, dossier_id, content, content_hash, source, ? from moved
                            on conflict do nothing)
                        insert into feed_remb_stale (dossier_id, marked_at) select distinct dossier_id, ?::timestamptz from moved
                        on conflict (dossier_id) do update set marked_at = excluded.marked_at""")) {
                    ps.setArray(1, c.createArrayOf("uuid", fromDossiers.toArray()));
                    ps.setArray(2, c.createArrayOf("text", movedIds.toArray()));
                    ps.setTimestamp(3, at);
                    ps.setTimestamp(4, at);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    with replaced as (
                        insert into feed_claim_superseded (claim_id, version, dossier_id, content, content_hash, source, replaced_at)
                        select f.claim_id, f.version, f.dossier_id, f.content, f.content_hash, f.source, ?
                        from feed_stage s join feed_claim f on f.dossier_id = s.dossier_id and f.claim_id = s.claim_id
                        where f.content_hash <> s.content_hash
                        on conflict do nothing)
                    insert into feed_claim as f (claim_id, dossier_id, service_date, kind, content, content_hash, version, updated_at, source)
                    select claim_id, dossier_id, service_date, kind, content, content_hash, 1, ?, source from feed_stage
                    on conflict (dossier_id, claim_id) do update set service_date = excluded.service_date,
                        kind = excluded.kind, content = excluded.content, content_hash = excluded.content_hash,
                        version = f.version + 1, updated_at = excluded.updated_at, source = excluded.source
                    where f.content_hash <> excluded.content_hash""")) {
                ps.setTimestamp(1, at);
                ps.setTimestamp(2, at);
                stored = ps.executeUpdate();
            }
            locate(c, toLocate.keySet(), toLocate.values());
            try (Statement s = c.createStatement()) {
                // a claim kept aside earlier whose person now holds a dossier lives on in feed_claim only
                s.executeUpdate("delete from feed_pending p using feed_stage s where p.claim_id = s.claim_id");
            }
            if (stored > 0) {
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into feed_remb_stale (dossier_id, marked_at) select distinct dossier_id, ?::timestamptz from feed_stage
                        on conflict (dossier_id) do nothing""")) {
                    // FEED-4: their REMB document is rendered again (a replayed batch marks them again: harmless).
                    // A mark already there is left as it is: the importer holds the render lock, so no renderer
                    // can be rendering that dossier from a snapshot without this batch (holdRenderLock)
                    ps.setTimestamp(1, at);
                    ps.executeUpdate();
                }
            }
        }
        if (pending) {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into feed_pending as p (claim_id, nir, service_date, kind, content, content_hash, updated_at, source)
                    select claim_id, nir, service_date, kind, content, content_hash, ?, source from feed_stage_pending
                    on conflict (claim_id) do update set nir = excluded.nir, service_date = excluded.service_date,
                        kind = excluded.kind, content = excluded.content, content_hash = excluded.content_hash,
                        updated_at = excluded.updated_at, source = excluded.source
                    where p.content_hash <> excluded.content_hash""")) {
                ps.setTimestamp(1, at);
                keptAside = ps.executeUpdate();
            }
        }
        if (!rejections.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into feed_rejection (import_id, line, reason) values (?, ?, ?) on conflict do nothing")) {
                for (Rejection r : rejections) {
                    ps.setLong(1, importId);
                    ps.setLong(2, r.line());
                    ps.setString(3, r.reason());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        long unchanged = rows.size() - stored - keptAside;
        try (PreparedStatement ps = c.prepareStatement("""
                update feed_import set lines_done = ?, bytes_done = ?, read = read + ?, stored = stored + ?,
                    unchanged = unchanged + ?, kept_aside = kept_aside + ?, insured = insured + ?, rejected = rejected + ?
                where id = ?""")) {
            ps.setLong(1, linesDone);
            ps.setLong(2, bytesDone);
            ps.setLong(3, read);
            ps.setLong(4, stored);
            ps.setLong(5, unchanged);
            ps.setLong(6, keptAside);
            ps.setLong(7, insured);
            ps.setLong(8, rejections.size());
            ps.setLong(9, importId);
            ps.executeUpdate();
        }
        return new Counts(stored, unchanged, keptAside);
    }

    // Bulk lookups join an unnest of the batch's array instead of "column = any(?)": once the driver
    // and the server cache a generic plan (after a few executions), "= any($1)" is planned without
    // knowing the array, and on a table that looked small when last analysed that plan is a
    // sequential scan comparing every row with all 5,000 elements one by one (measured: 4-6 s per
    // batch instead of 2-4 ms, half of a first import's time). A join is linear whatever the plan.
    /**
     * The dossier each of the batch's claims (for dossiers) is filed under now, from feed_claim_locator
     * (one index probe each, one round trip; issue #15: the claim id's own table, where feed_claim by
     * claim id alone asks every dossier's shard): empty when all are new.
     */
    private static java.util.Map<String, UUID> located(Connection c, List<Staged> rows) throws SQLException {
        List<String> ids = new ArrayList<>(rows.size());
        for (Staged r : rows) {
            if (r.dossierId() != null) {
                ids.add(r.claimId());
            }
        }
        java.util.Map<String, UUID> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select l.claim_id, l.dossier_id from unnest(?::text[]) as t(id) join feed_claim_locator l on l.claim_id = t.id")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getObject(2, UUID.class));
                }
            }
        }
        return out;
    }

    /** Files these claims' ids under these dossiers in feed_claim_locator (new ones, or moved: the dossier changes). */
    private static void locate(Connection c, java.util.Collection<String> claimIds, java.util.Collection<UUID> dossierIds)
            throws SQLException {
        if (claimIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into feed_claim_locator (claim_id, dossier_id) select * from unnest(?::text[], ?::uuid[])
                on conflict (claim_id) do update set dossier_id = excluded.dossier_id
                where feed_claim_locator.dossier_id <> excluded.dossier_id""")) {
            ps.setArray(1, c.createArrayOf("text", claimIds.toArray()));
            ps.setArray(2, c.createArrayOf("uuid", dossierIds.toArray()));
            ps.executeUpdate();
        }
    }

    /** The staging table's rows (binary COPY): the claims for dossiers, or those kept aside with their NIR. */
    private static byte[] staging(List<Staged> rows, boolean forDossiers) {
        BinaryCopy b = new BinaryCopy(rows.size() * 400);
        for (Staged r : rows) {
            if ((r.dossierId() != null) == forDossiers) {
                b.row(7).text(r.claimId());
                if (forDossiers) {
                    b.uuid(r.dossierId());
                } else {
                    b.text(r.nir());
                }
                b.date(r.serviceDate()).text(r.kind()).bytea(r.content()).bytea(r.contentHash()).text(r.source());
            }
        }
        return b.finish();
    }

    /** Whether none of the batch's claims kept aside (persons without a dossier) is kept yet. */
    private static boolean allNewPending(Connection c, List<Staged> rows) throws SQLException {
        List<String> ids = new ArrayList<>(rows.size());
        for (Staged r : rows) {
            if (r.dossierId() == null) {
                ids.add(r.claimId());
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select exists (select 1 from unnest(?::text[]) as t(id) join feed_pending p on p.claim_id = t.id)")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return !rs.getBoolean(1);
            }
        }
    }

    /** COPY of new claims kept aside straight into feed_pending; -1 when one was kept meanwhile (rolled back). */
    private static long copyNewPending(Connection c, CopyManager copy, List<Staged> rows, Timestamp at) throws SQLException {
        Instant when = at.toInstant();
        BinaryCopy b = new BinaryCopy(rows.size() * 400);
        for (Staged r : rows) {
            if (r.dossierId() == null) {
                b.row(8).text(r.claimId()).text(r.nir()).date(r.serviceDate()).text(r.kind()).bytea(r.content())
                        .bytea(r.contentHash()).timestamptz(when).text(r.source());
            }
        }
        return unlessTaken(c, () -> copy.copyIn("copy feed_pending (claim_id, nir, service_date, kind, content, content_hash,"
                + " updated_at, source) from stdin (format binary)", new java.io.ByteArrayInputStream(b.finish())));
    }

    /** A first load's write, as a unit: how many rows, or -1 (rolled back to before it) when a unique key refused it. */
    interface FirstLoad {
        long write() throws SQLException, IOException;

        /**
         * What one import's writer learnt from its last batch: whether its claims (and its claims kept aside)
         * were all new. Touched by the writer thread only.
         */
        final class Guess {
            boolean claimsNew;
            boolean pendingNew;
        }
    }

    /** Runs {@code load} under a savepoint: a row stored meanwhile (23505) undoes it and answers -1, the caller takes the upsert. */
    private static long unlessTaken(Connection c, FirstLoad load) throws SQLException {
        java.sql.Savepoint before = c.setSavepoint();
        try {
            long n = load.write();
            c.releaseSavepoint(before);
            return n;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                c.rollback(before);
                return -1;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * COPY of new claims straight into feed_claim, with what the upsert path does beside it (kept-aside copies
     * dropped, REMB marks); returns how many, or -1 when one was stored meanwhile (rolled back to before the COPY).
     */
    private static long copyNew(Connection c, CopyManager copy, List<Staged> rows, Timestamp at) throws SQLException {
        Instant when = at.toInstant();
        BinaryCopy b = new BinaryCopy(rows.size() * 400);
        java.util.Set<UUID> dossiers = new java.util.HashSet<>();
        List<String> ids = new ArrayList<>(rows.size());
        List<UUID> idDossiers = new ArrayList<>(rows.size());
        for (Staged r : rows) {
            if (r.dossierId() == null) {
                continue;
            }
            dossiers.add(r.dossierId());
            ids.add(r.claimId());
            idDossiers.add(r.dossierId());
            b.row(9).text(r.claimId()).uuid(r.dossierId()).date(r.serviceDate()).text(r.kind()).bytea(r.content())
                    .bytea(r.contentHash()).int4(1).timestamptz(when).text(r.source());
        }
        long n = unlessTaken(c, () -> {
            // the locator first: its key (the claim id alone) refuses a claim stored meanwhile in any dossier
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into feed_claim_locator (claim_id, dossier_id) select * from unnest(?::text[], ?::uuid[])")) {
                ps.setArray(1, c.createArrayOf("text", ids.toArray()));
                ps.setArray(2, c.createArrayOf("uuid", idDossiers.toArray()));
                ps.executeUpdate();
            }
            return copy.copyIn("copy feed_claim (claim_id, dossier_id, service_date, kind, content, content_hash, version, updated_at,"
                    + " source) from stdin (format binary)", new java.io.ByteArrayInputStream(b.finish()));
        });
        if (n < 0) {
            return -1;
        }
        try (PreparedStatement ps = c.prepareStatement("delete from feed_pending p using unnest(?::text[]) as t(id) where p.claim_id = t.id")) {
            // a claim kept aside earlier whose person now holds a dossier lives on in feed_claim only
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into feed_remb_stale (dossier_id, marked_at) select d, ? from unnest(?::uuid[]) as t(d)
                on conflict (dossier_id) do nothing""")) {
            // under the importer's render lock, as in writeBatch: a mark already there is enough
            ps.setTimestamp(1, at);
            ps.setArray(2, c.createArrayOf("uuid", dossiers.toArray()));
            ps.executeUpdate();
        }
        return n;
    }

    // --- the view --------------------------------------------------------------------------------

    public record StoredClaim(String claimId, UUID dossierId, LocalDate serviceDate, String kind, byte[] content, int version,
                              Instant updatedAt) {
    }

    /**
     * One page of a dossier's history, newest care first, after the cursor (service date, claim id) when
     * given; {@code withoutHidden} leaves out the kinds the patient hid from professionals (FEED-4)
     * in the same statement, read at this very query (a change of mind applies at once), one round trip.
     */
    public List<StoredClaim> search(UUID dossierId, Set<String> kinds, boolean withoutHidden, LocalDate from, LocalDate to,
                                    Instant since, LocalDate afterDate, String afterId, int limit) {
        StringBuilder sql = new StringBuilder("""
                select claim_id, dossier_id, service_date, kind, content, version, updated_at from feed_claim
                where dossier_id = ? and service_date >= ? and service_date <= ?""");
        List<Object> args = new ArrayList<>(List.of(dossierId, from, to));
        if (withoutHidden) {
            sql.append(" and kind not in (select h.kind from feed_hidden_kind h where h.dossier_id = ?)");
            args.add(dossierId);
        }
        if (kinds != null) {
            sql.append(" and kind = any(?)");
            args.add(kinds.toArray(String[]::new));
        }
        if (since != null) {
            sql.append(" and updated_at >= ?");
            args.add(Timestamp.from(since));
        }
        if (afterDate != null) {
            sql.append(" and (service_date, claim_id) < (?, ?)");
            args.add(afterDate);
            args.add(afterId);
        }
        sql.append(" order by service_date desc, claim_id desc limit ?");
        args.add(limit);
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql.toString());
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof String[] arr) {
                    ps.setArray(i + 1, con.createArrayOf("text", arr));
                } else if (a instanceof LocalDate d) {
                    ps.setObject(i + 1, d);
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            return ps;
        }, FeedStore::stored);
    }

    /** A claim of a dossier: routed to the dossier's shard. */
    public Optional<StoredClaim> find(UUID dossierId, String claimId) {
        return jdbc.query("""
                select claim_id, dossier_id, service_date, kind, content, version, updated_at from feed_claim
                where dossier_id = ? and claim_id = ?""", FeedStore::stored, dossierId, claimId).stream().findFirst();
    }

    /**
     * The dossier of a claim named by its id alone (ExplanationOfBenefit/{id}, before the gate): one
     * routed look-up in feed_claim_locator; the claim is then read by {@link #find} on its dossier's shard.
     */
    public Optional<UUID> dossierOf(String claimId) {
        return jdbc.queryForList("select dossier_id from feed_claim_locator where claim_id = ?", UUID.class, claimId).stream().findFirst();
    }

    /** The newest change to a dossier's visible history, and how many entries it has (for the REMB document). */
    public record Summary(long count, Instant lastUpdated) {
    }

    public Summary summary(UUID dossierId, LocalDate from) {
        return jdbc.queryForObject("select count(*), max(updated_at) from feed_claim where dossier_id = ? and service_date >= ?",
                (rs, n) -> new Summary(rs.getLong(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()),
                dossierId, from);
    }

    private static StoredClaim stored(ResultSet rs, int n) throws SQLException {
        return new StoredClaim(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, LocalDate.class), rs.getString(4),
                rs.getBytes(5), rs.getInt(6), rs.getObject(7, OffsetDateTime.class).toInstant());
    }

    // --- kept aside (FEED-3), loaded at creation (DOS-3) -------------------------------------------

    public record PendingRow(String claimId, LocalDate serviceDate, String kind, byte[] content, byte[] contentHash, String source) {
    }

    public List<PendingRow> pendingFor(String nir) {
        return jdbc.query("select claim_id, service_date, kind, content, content_hash, source from feed_pending where nir = ?",
                (rs, n) -> new PendingRow(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3), rs.getBytes(4),
                        rs.getBytes(5), rs.getString(6)), nir);
    }

    public void moveIn(UUID dossierId, String nir, List<PendingRow> rows, List<byte[]> sealed, Instant now) {
        Timestamp at = Timestamp.from(now);
        for (int i = 0; i < rows.size(); i++) {
            PendingRow r = rows.get(i);
            jdbc.update("""
                    with locator as (
                        insert into feed_claim_locator (claim_id, dossier_id) values (?, ?)
                        on conflict (claim_id) do update set dossier_id = excluded.dossier_id)
                    insert into feed_claim (claim_id, dossier_id, service_date, kind, content, content_hash, version, updated_at, source)
                    values (?, ?, ?, ?, ?, ?, 1, ?, ?)
                    on conflict (dossier_id, claim_id) do update set service_date = excluded.service_date,
                        kind = excluded.kind, content = excluded.content, content_hash = excluded.content_hash,
                        version = feed_claim.version + 1, updated_at = excluded.updated_at, source = excluded.source""",
                    r.claimId(), dossierId, r.claimId(), dossierId, r.serviceDate(), r.kind(), sealed.get(i), r.contentHash(), at, r.source());
        }
        jdbc.update("delete from feed_pending where nir = ?", nir);
        if (!rows.isEmpty()) {
            markStale(dossierId, now);
        }
    }

    // --- the REMB document's refresh queue (FEED-4, V76) -------------------------------------------

    public void markStale(UUID dossierId, Instant now) {
        // an update, not "do nothing": it waits for a renderer holding the row, so a change committed
        // while that renderer read the history is never dropped by its unmark
        jdbc.update("""
                insert into feed_remb_stale (dossier_id, marked_at) values (?, ?)
                on conflict (dossier_id) do update set marked_at = excluded.marked_at""", dossierId, Timestamp.from(now));
    }

    /**
     * Up to {@code limit} stale dossiers, locked for the caller's transaction; those another
     * renderer holds (the inbox and a command may run at once) are skipped, not waited for.
     */
    public List<UUID> lockStale(int limit) {
        return jdbc.queryForList("select dossier_id from feed_remb_stale order by marked_at limit ? for update skip locked",
                UUID.class, limit);
    }

    public List<UUID> staleIds(int limit) {
        return jdbc.queryForList("select dossier_id from feed_remb_stale order by marked_at limit ?", UUID.class, limit);
    }

    public void unmarkStale(java.util.Collection<UUID> dossierIds) {
        jdbc.update("delete from feed_remb_stale where dossier_id = any(?)", (Object) dossierIds.toArray(UUID[]::new));
    }

    /** The kinds each of these dossiers' patients hide from professionals (one query). */
    public java.util.Map<UUID, Set<String>> hiddenKinds(java.util.Collection<UUID> dossierIds) {
        java.util.Map<UUID, Set<String>> out = new java.util.HashMap<>();
        jdbc.query("select dossier_id, kind from feed_hidden_kind where dossier_id = any(?)",
                rs -> {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new java.util.HashSet<>()).add(rs.getString(2));
                }, (Object) dossierIds.toArray(UUID[]::new));
        return out;
    }

    /** Every entry from {@code floor} on of these dossiers, by dossier, newest care first (the REMB documents; one query). */
    public java.util.Map<UUID, List<StoredClaim>> histories(java.util.Collection<UUID> dossierIds, LocalDate floor) {
        java.util.Map<UUID, List<StoredClaim>> out = new java.util.HashMap<>();
        jdbc.query("""
                select claim_id, dossier_id, service_date, kind, content, version, updated_at from feed_claim
                where dossier_id = any(?) and service_date >= ? order by dossier_id, service_date desc, claim_id desc""",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("uuid", dossierIds.toArray()));
                    ps.setObject(2, floor);
                }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    StoredClaim c = stored(rs, 0);
                    out.computeIfAbsent(c.dossierId(), k -> new ArrayList<>()).add(c);
                });
        return out;
    }

    public int deleteDossier(UUID dossierId) {
        jdbc.update("delete from feed_remb_stale where dossier_id = ?", dossierId);
        jdbc.update("delete from feed_hidden_kind where dossier_id = ?", dossierId);
        jdbc.update("delete from feed_claim_superseded where dossier_id = ?", dossierId);
        List<String> ids = jdbc.queryForList("delete from feed_claim where dossier_id = ? returning claim_id", String.class, dossierId);
        if (!ids.isEmpty()) {
            // by claim id (the locator's distribution key: only those shards), and only where they point here
            jdbc.update("delete from feed_claim_locator l using unnest(?::text[]) as t(id) where l.claim_id = t.id and l.dossier_id = ?",
                    ps -> {
                        ps.setArray(1, ps.getConnection().createArrayOf("text", ids.toArray()));
                        ps.setObject(2, dossierId);
                    });
        }
        return ids.size();
    }

    // --- the patient's setting (FEED-4) ------------------------------------------------------------

    public List<String> hiddenKinds(UUID dossierId) {
        return jdbc.queryForList("select kind from feed_hidden_kind where dossier_id = ? order by kind", String.class, dossierId);
    }

    public void setHiddenKinds(UUID dossierId, Set<String> kinds) {
        jdbc.update("delete from feed_hidden_kind where dossier_id = ?", dossierId);
        for (String k : kinds) {
            jdbc.update("insert into feed_hidden_kind (dossier_id, kind) values (?, ?)", dossierId, k);
        }
        // what professionals see changed: so does the REMB document (FEED-4)
        markStale(dossierId, Instant.now());
    }

    // --- retention (FEED-1) ------------------------------------------------------------------------

    /** Deletes one batch of entries with care before the cutoff; returns how many (0 when done). */
    public int purgeBefore(LocalDate cutoff, int batch) {
        // the dossiers that lose entries get their REMB document rendered again (FEED-1, FEED-4)
        int n = jdbc.queryForObject("""
                with gone as (
                    delete from feed_claim where (dossier_id, claim_id) in (
                        select dossier_id, claim_id from feed_claim where service_date < ? limit ?)
                    returning dossier_id, claim_id),
                unlocated as (
                    delete from feed_claim_locator l using gone g where l.claim_id = g.claim_id and l.dossier_id = g.dossier_id),
                marked as (
                    insert into feed_remb_stale (dossier_id, marked_at) select distinct dossier_id, now() from gone
                    on conflict do nothing)
                select count(*) from gone""", Integer.class, cutoff, batch);
        n += jdbc.update("""
                delete from feed_pending where claim_id in (select claim_id from feed_pending where service_date < ? limit ?)""",
                cutoff, batch);
        n += jdbc.update("""
                delete from feed_claim_superseded s where (dossier_id, claim_id, version) in (
                    select s2.dossier_id, s2.claim_id, s2.version from feed_claim_superseded s2
                    where not exists (select 1 from feed_claim f where f.dossier_id = s2.dossier_id and f.claim_id = s2.claim_id) limit ?)""", batch);
        return n;
    }
}
