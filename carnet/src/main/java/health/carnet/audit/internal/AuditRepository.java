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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class AuditRepository {

    static final String GENESIS = "0".repeat(64);
    static final String PLATFORM_CHAIN = "platform";

    private final JdbcClient jdbc;

    public AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        jdbc.sql("""
                select h.k, coalesce(e.seq, 0), coalesce(e.hash, ?) from unnest(?::text[]) h(k)
                left join lateral (select seq, hash from audit_event where chain_key = h.k order by seq desc limit 1) e on true""")
                .params(GENESIS, keys).query(rs -> {
                    seqs.put(rs.getString(1), new long[] {rs.getLong(2)});
                    hashes.put(rs.getString(1), rs.getString(3));
                });
        int n = records.size();
        String[][] columns = new String[17][n];
        long[] seqColumn = new long[n];
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < n; i++) {
            AuditRecord r = records.get(i);
            String chain = r.dossierId() == null ? PLATFORM_CHAIN : r.dossierId().toString();
            long seq = ++seqs.get(chain)[0];
            String prev = hashes.get(chain);
            AuditRecord rec = truncated(r);
            String hash = hash(prev, chain, seq, rec);
            hashes.put(chain, hash);
            seqColumn[i] = seq;
            position.put(chain + "#" + seq, i);
            String[] row = {chain, rec.at().toString(), rec.dossierId() == null ? null : rec.dossierId().toString(),
                    rec.actorKind(), rec.actorId(), rec.actorName(), rec.profession(), rec.structure(), rec.role(), rec.action(),
                    rec.target(), rec.outcome(), rec.rule(), rec.accessMode(), rec.reason(), prev, hash};
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
                        structure, role, action, target, outcome, rule, access_mode, reason, prev_hash, hash)
                    select chain_key, seq, at::timestamptz, dossier_id::uuid, actor_kind, actor_id, actor_name, profession,
                        structure, role, action, target, outcome, rule, access_mode, reason, prev_hash, hash
                    from unnest(?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        as u(chain_key, seq, at, dossier_id, actor_kind, actor_id, actor_name, profession, structure, role,
                             action, target, outcome, rule, access_mode, reason, prev_hash, hash)
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

    static String hash(String prev, String chain, long seq, AuditRecord r) {
        StringBuilder b = new StringBuilder(prev).append('|').append(chain).append('|').append(seq);
        for (Object field : new Object[] {r.at().toEpochMilli() * 1000 + (r.at().getNano() / 1000) % 1000, r.dossierId(),
                r.actorKind(), r.actorId(), r.actorName(), r.profession(), r.structure(), r.role(), r.action(), r.target(),
                r.outcome(), r.rule(), r.accessMode(), r.reason()}) {
            String s = field == null ? "" : field.toString();
            b.append('|').append(s.length()).append(':').append(s);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<AuditRecord> history(UUID dossierId, int offset, int count) {
        return jdbc.sql("select * from audit_event where chain_key = ? order by seq desc offset ? limit ?")
                .params(dossierId.toString(), offset, count).query(AuditRepository::record).list();
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

    private static void in(StringBuilder sql, List<Object> params, String column, java.util.Set<String> values) {
        if (values != null) {
            // an empty set matches nothing: a filter that names no known value finds no entry
            sql.append(" and ").append(column).append(" = any(?::text[])");
            params.add("{" + String.join(",", values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                    .toList()) + "}");
        }
    }

    /** Walks every chain in order, recomputing each hash; stops at the first entry that does not match. */
    public ChainVerification verify() {
        Map<String, String> lastHash = new HashMap<>();
        Map<String, Long> lastSeq = new HashMap<>();
        long[] count = {0};
        ChainVerification[] broken = {null};
        jdbc.sql("select * from audit_event order by chain_key, seq").query(rs -> {
            if (broken[0] != null) {
                return;
            }
            count[0]++;
            String chain = rs.getString("chain_key");
            long seq = rs.getLong("seq");
            String expectedPrev = lastHash.getOrDefault(chain, GENESIS);
            long expectedSeq = lastSeq.getOrDefault(chain, 0L) + 1;
            AuditRecord r = record(rs, 0);
            String prev = rs.getString("prev_hash");
            String stored = rs.getString("hash");
            String problem = null;
            if (seq != expectedSeq) {
                problem = "entry " + expectedSeq + " of chain " + chain + " is missing";
            } else if (!prev.equals(expectedPrev)) {
                problem = "its predecessor's hash does not match";
            } else if (!hash(prev, chain, seq, r).equals(stored)) {
                problem = "its content was altered";
            }
            if (problem != null) {
                broken[0] = new ChainVerification(count[0], r.id(), problem);
                return;
            }
            lastHash.put(chain, stored);
            lastSeq.put(chain, seq);
        });
        return broken[0] != null ? broken[0] : new ChainVerification(count[0], null, null);
    }

    private static AuditRecord record(ResultSet rs, int n) throws SQLException {
        return new AuditRecord(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getObject("dossier_id", UUID.class),
                rs.getString("actor_kind"), rs.getString("actor_id"), rs.getString("actor_name"), rs.getString("profession"),
                rs.getString("structure"), rs.getString("role"), rs.getString("action"), rs.getString("target"),
                rs.getString("outcome"), rs.getString("rule"), rs.getString("access_mode"), rs.getString("reason"));
    }
}
