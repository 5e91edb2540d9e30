package health.carnet.audit.internal;

import health.carnet.audit.AuditRecord;
import health.carnet.audit.ChainVerification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import health.carnet.audit.AuditKeys;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class AuditRepository {

    static final String GENESIS = "0".repeat(64);
    static final String PLATFORM_CHAIN = "platform";
    /** The advisory lock class of the chains' locks ('AUDT'): two-key locks do not meet one-key ones. */
    static final int CHAIN_LOCK_CLASS = 0x41554454;

    /** Rows read per round trip when streaming the trail: verification holds a page, never the table. */
    static final int FETCH_SIZE = 2_000;

    private final JdbcClient jdbc;
    private final AuditKeys keys;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public AuditRepository(JdbcClient jdbc, AuditKeys keys, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        // PostgreSQL streams a result with a cursor only inside a transaction (autocommit off)
        readOnly.setReadOnly(true);
    }

    /**
     * Appends records in order, in the caller's transaction, in two statements whatever the batch
     * size: one reads the chains' last entries, one inserts every entry. There is no head table to
     * lock: the unique (chain_key, seq) index refuses a second entry at the same place, so a writer
     * that raced another (another node on the same database) fails and retries rather than forking
     * a chain. Arrays rather than a VALUES list of varying length keep both statements prepared.
     */
    public List<Long> appendAll(List<AuditRecord> records) {
        String[] keys = records.stream().map(r -> r.dossierId() == null ? PLATFORM_CHAIN : r.dossierId().toString())
                .distinct().toArray(String[]::new);
        Map<String, long[]> seqs = new HashMap<>();
        Map<String, String> hashes = new HashMap<>();
        // The trail is partitioned by month (V82): a unique index spans one partition only, so a writer
        // racing this one (another node) across a month's end would not be refused by it. A lock per
        // chain, for this transaction, in one order (no deadlock), serialises the writers of a chain;
        // the head is read after it, in a statement of its own (a fresh snapshot).
        String[] ordered = keys.clone();
        java.util.Arrays.sort(ordered);
        jdbc.sql("select pg_advisory_xact_lock(" + CHAIN_LOCK_CLASS + ", hashtext(k))::text from unnest(?::text[]) k")
                .param(ordered).query(String.class).list();
        jdbc.sql("""
                select h.k, coalesce(e.seq, 0), coalesce(e.hash, ?) from unnest(?::text[]) h(k)
                left join lateral (select seq, hash from audit_event where chain_key = h.k order by seq desc limit 1) e on true""")
                .params(GENESIS, keys).query(rs -> {
                    seqs.put(rs.getString(1), new long[] {rs.getLong(2)});
                    hashes.put(rs.getString(1), rs.getString(3));
                });
        int n = records.size();
        String keyId = this.keys.currentHmacKeyId();
        String[][] columns = new String[18][n];
        long[] seqColumn = new long[n];
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < n; i++) {
            AuditRecord r = records.get(i);
            String chain = r.dossierId() == null ? PLATFORM_CHAIN : r.dossierId().toString();
            long seq = ++seqs.get(chain)[0];
            String prev = hashes.get(chain);
            AuditRecord rec = truncated(r);
            String hash = keyedHash(keyId, prev, chain, seq, rec);
            hashes.put(chain, hash);
            seqColumn[i] = seq;
            position.put(chain + "#" + seq, i);
            String[] row = {chain, rec.at().toString(), rec.dossierId() == null ? null : rec.dossierId().toString(),
                    rec.actorKind(), rec.actorId(), rec.actorName(), rec.profession(), rec.structure(), rec.role(), rec.action(),
                    rec.target(), rec.outcome(), rec.rule(), rec.accessMode(), rec.reason(), prev, hash, keyId};
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
        }
        List<Object> params = new ArrayList<>();
        params.add(columns[0]);
        params.add(seqColumn);
        for (int c = 1; c < columns.length; c++) {
            params.add(columns[c]);
        }
        Long[] ids = new Long[n];
        jdbc.sql("""
                insert into audit_event (chain_key, seq, at, dossier_id, actor_kind, actor_id, actor_name, profession,
                        structure, role, action, target, outcome, rule, access_mode, reason, prev_hash, hash, hash_version, key_id)
                    select chain_key, seq, at::timestamptz, dossier_id::uuid, actor_kind, actor_id, actor_name, profession,
                        structure, role, action, target, outcome, rule, access_mode, reason, prev_hash, hash, 2, key_id
                    from unnest(?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        as u(chain_key, seq, at, dossier_id, actor_kind, actor_id, actor_name, profession, structure, role,
                             action, target, outcome, rule, access_mode, reason, prev_hash, hash, key_id)
                    returning id, chain_key, seq""")
                .params(params).query(rs -> {
                    ids[position.get(rs.getString(2) + "#" + rs.getLong(3))] = rs.getLong(1);
                });
        return java.util.Arrays.asList(ids);
    }

    /** Microseconds are what PostgreSQL keeps: hash what will be read back. */
    private static AuditRecord truncated(AuditRecord r) {
        return new AuditRecord(r.id(), r.at().truncatedTo(ChronoUnit.MICROS), r.dossierId(), r.actorKind(), r.actorId(),
                r.actorName(), r.profession(), r.structure(), r.role(), r.action(), r.target(), r.outcome(), r.rule(),
                r.accessMode(), r.reason());
    }

    /** What an entry's hash covers: its predecessor's hash, its place in its chain and every field, length-prefixed. */
    static byte[] canonical(String prev, String chain, long seq, AuditRecord r) {
        StringBuilder b = new StringBuilder(prev).append('|').append(chain).append('|').append(seq);
        for (Object field : new Object[] {r.at().toEpochMilli() * 1000 + (r.at().getNano() / 1000) % 1000, r.dossierId(),
                r.actorKind(), r.actorId(), r.actorName(), r.profession(), r.structure(), r.role(), r.action(), r.target(),
                r.outcome(), r.rule(), r.accessMode(), r.reason()}) {
            String s = field == null ? "" : field.toString();
            b.append('|').append(s.length()).append(':').append(s);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Version 1, before the chain was keyed: plain SHA-256, which anyone who can write the database can recompute. */
    static String hash(String prev, String chain, long seq, AuditRecord r) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical(prev, chain, seq, r)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Version 2: HMAC-SHA256 under a key held outside the database (AUD-3 against an insider). */
    String keyedHash(String keyId, String prev, String chain, long seq, AuditRecord r) {
        return HexFormat.of().formatHex(keys.hmac(keyId, canonical(prev, chain, seq, r)));
    }

    public List<AuditRecord> history(UUID dossierId, int offset, int count) {
        return jdbc.sql("select * from audit_event where chain_key = ? order by seq desc offset ? limit ?")
                .params(dossierId.toString(), offset, count).query(AuditRepository::record).list();
    }

    public List<AuditRecord> history(UUID dossierId, health.carnet.audit.AuditQuery q, int offset, int count) {
        StringBuilder sql = new StringBuilder("select * from audit_event where chain_key = ?");
        List<Object> params = new java.util.ArrayList<>(List.of(dossierId.toString()));
        if (q.from() != null) {
            sql.append(" and at >= ?");
            params.add(java.sql.Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" and at <= ?");
            params.add(java.sql.Timestamp.from(q.to()));
        }
        in(sql, params, "actor_id", q.actorIds());
        in(sql, params, "action", q.actions());
        in(sql, params, "rule", q.rules());
        in(sql, params, "outcome", q.outcomes());
        if (q.targetLike() != null) {
            sql.append(" and strpos(target, ?) > 0");
            params.add(q.targetLike());
        }
        sql.append(" order by seq desc offset ? limit ?");
        params.add(offset);
        params.add(count);
        return jdbc.sql(sql.toString()).params(params).query(AuditRepository::record).list();
    }

    /** As {@link #history(UUID, int, int)}, keeping the entries the filter asks for; the chain's index gives the order. */
    public List<AuditRecord> history(UUID dossierId, health.carnet.audit.HistoryFilter f, int offset, int count) {
        StringBuilder sql = new StringBuilder("select * from audit_event where chain_key = ?");
        List<Object> params = new ArrayList<>();
        params.add(dossierId.toString());
        if (f.actorKind() != null) {
            sql.append(" and actor_kind = ?");
            params.add(f.actorKind());
        }
        if (f.notActorId() != null) {
            sql.append(" and actor_id is distinct from ?");
            params.add(f.notActorId());
        }
        if (f.refusalsOnly()) {
            sql.append(" and outcome in ('DENY', 'FAILURE')");
        }
        if (f.emergencyOnly()) {
            sql.append(" and access_mode in ('bris_de_glace', 'centre_15')");
        }
        if (f.action() != null) {
            sql.append(" and action = ?");
            params.add(f.action());
        }
        sql.append(" order by seq desc offset ? limit ?");
        params.add(offset);
        params.add(count);
        return jdbc.sql(sql.toString()).params(params).query(AuditRepository::record).list();
    }

    private static void in(StringBuilder sql, List<Object> params, String column, java.util.Set<String> values) {
        if (values != null) {
            // an empty set matches nothing: a filter that names no known value finds no entry
            sql.append(" and ").append(column).append(" = any(?::text[])");
            params.add("{" + String.join(",", values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                    .toList()) + "}");
        }
    }

    /** The id of the last entry written before the chain was keyed (V25); later unkeyed entries are forgeries. */
    public long legacyUntilId() {
        return jdbc.sql("select legacy_until_id from audit_keying").query(Long.class).optional().orElse(0L);
    }

    /**
     * Walks every chain in order, recomputing each hash; stops at the first entry that does not
     * match. Streams the table with a cursor: memory holds one page and the current chain's last
     * entry, whatever the table's size.
     */
    public ChainVerification verifyChains() {
        long legacyUntil = legacyUntilId();
        return readOnly.execute(tx -> {
            String[] chainState = {null, GENESIS};
            long[] lastSeq = {0};
            boolean[] keyed = {false};
            long[] count = {0};
            ChainVerification[] broken = {null};
            streaming.query("select * from audit_event order by chain_key, seq", (ResultSet rs) -> {
                if (broken[0] != null) {
                    return;
                }
                count[0]++;
                String chain = rs.getString("chain_key");
                if (!chain.equals(chainState[0])) {
                    chainState[0] = chain;
                    chainState[1] = GENESIS;
                    lastSeq[0] = 0;
                    keyed[0] = false;
                }
                long seq = rs.getLong("seq");
                AuditRecord r = record(rs, 0);
                String prev = rs.getString("prev_hash");
                String stored = rs.getString("hash");
                int version = rs.getInt("hash_version");
                String keyId = rs.getString("key_id");
                String problem = null;
                if (seq != lastSeq[0] + 1) {
                    problem = "entry " + (lastSeq[0] + 1) + " of chain " + chain + " is missing";
                } else if (!prev.equals(chainState[1])) {
                    problem = "its predecessor's hash does not match";
                } else if (version == 1 && (r.id() > legacyUntil || keyed[0])) {
                    problem = "an unkeyed hash where the chain is keyed (rewritten without the audit key?)";
                } else if (version != 1 && version != 2) {
                    problem = "unknown hash version " + version;
                } else if (!(version == 1 ? hash(prev, chain, seq, r) : keyedHash(keyId, prev, chain, seq, r)).equals(stored)) {
                    problem = "its content was altered";
                }
                if (problem != null) {
                    broken[0] = new ChainVerification(count[0], r.id(), problem);
                    return;
                }
                keyed[0] |= version == 2;
                chainState[1] = stored;
                lastSeq[0] = seq;
            });
            return broken[0] != null ? broken[0] : new ChainVerification(count[0], null, null);
        });
    }

    /** The highest id committed: a share lock waits for the appends in flight and holds new ones back a moment. */
    public long committedMaxId() {
        return new TransactionTemplate(readOnly.getTransactionManager()).execute(tx -> {
            jdbc.sql("lock table audit_event in share mode").update();
            return jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
        });
    }

    /** Streams {@code (id, hash)} of the entries with {@code fromId < id <= toId} in id order. */
    public void streamHashes(long fromId, long toId, HashConsumer consumer) {
        readOnly.executeWithoutResult(tx -> streaming.query("select id, hash from audit_event where id > ? and id <= ? order by id",
                (ResultSet rs) -> consumer.accept(rs.getLong(1), rs.getString(2)), fromId, toId));
    }

    @FunctionalInterface
    public interface HashConsumer {
        void accept(long id, String hash);
    }

    private static AuditRecord record(ResultSet rs, int n) throws SQLException {
        return new AuditRecord(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getObject("dossier_id", UUID.class),
                rs.getString("actor_kind"), rs.getString("actor_id"), rs.getString("actor_name"), rs.getString("profession"),
                rs.getString("structure"), rs.getString("role"), rs.getString("action"), rs.getString("target"),
                rs.getString("outcome"), rs.getString("rule"), rs.getString("access_mode"), rs.getString("reason"));
    }
}
