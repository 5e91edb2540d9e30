package health.carnet.crypto.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class KeyRepository {

    private final JdbcClient jdbc;

    public KeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Row(UUID dossierId, byte[] wrapped, String masterKeyId) {
    }

    public Optional<Row> find(UUID dossierId) {
        return jdbc.sql("select dossier_id, wrapped_key, master_key_id from crypto_dossier_key where dossier_id = ?")
                .param(dossierId).query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getString(3)))
                .optional();
    }

    public void insertIfAbsent(UUID dossierId, String masterKeyId, byte[] wrapped) {
        jdbc.sql("""
                insert into crypto_dossier_key (dossier_id, wrapped_key, master_key_id, created_at) values (?, ?, ?, ?)
                on conflict (dossier_id) do nothing""")
                .params(dossierId, wrapped, masterKeyId, Timestamp.from(Instant.now())).update();
    }

    /** The keys of these dossiers that exist (one query). */
    // a join on the unnested array, not "= any(?)": linear whatever plan the server caches (thousands of ids per call)
    public List<Row> findAll(java.util.Collection<UUID> dossierIds) {
        return jdbc.sql("select k.dossier_id, k.wrapped_key, k.master_key_id from unnest(?::uuid[]) as t(id) join crypto_dossier_key k on k.dossier_id = t.id")
                .param(dossierIds.toArray(UUID[]::new))
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getString(3))).list();
    }

    /**
     * Inserts many keys in ONE statement (one commit, one fsync when the caller has no transaction):
     * a first feed import meets thousands of key-less dossiers per batch.
     */
    public java.util.Set<UUID> insertAllIfAbsent(List<Row> rows) {
        if (rows.isEmpty()) {
            return java.util.Set.of();
        }
        // returns the rows this statement inserted: the others were there already (a concurrent creator won)
        return new java.util.HashSet<>(jdbc.sql("""
                insert into crypto_dossier_key (dossier_id, wrapped_key, master_key_id, created_at)
                select d, w, m, ? from unnest(?::uuid[], ?::bytea[], ?::text[]) as t(d, w, m)
                on conflict (dossier_id) do nothing returning dossier_id""")
                .params(Timestamp.from(Instant.now()), rows.stream().map(Row::dossierId).toArray(UUID[]::new),
                        rows.stream().map(Row::wrapped).toArray(byte[][]::new),
                        rows.stream().map(Row::masterKeyId).toArray(String[]::new))
                .query(UUID.class).list());
    }

    public void delete(UUID dossierId) {
        jdbc.sql("delete from crypto_dossier_key where dossier_id = ?").param(dossierId).update();
    }

    /** Keys wrapped by an older master key (retention-period keys are left where they are: they are not master keys). */
    public List<Row> wrappedWithOtherThan(String masterKeyId, int limit) {
        return jdbc.sql("""
                        select dossier_id, wrapped_key, master_key_id from crypto_dossier_key
                        where master_key_id <> ? and master_key_id like 'master-%' limit ?""")
                .params(masterKeyId, limit).query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getString(3)))
                .list();
    }

    public long countWrappedWith(String keyId) {
        return jdbc.sql("select count(*) from crypto_dossier_key where master_key_id = ?").param(keyId).query(Long.class).single();
    }

    // --- group keys (V105): what a destruction on request re-keys -----------------------------------

    /** The current version of every group that has one (a group without a row is at version 1). */
    public java.util.Map<Integer, Integer> groupVersions() {
        java.util.Map<Integer, Integer> v = new java.util.HashMap<>();
        jdbc.sql("select group_no, version from crypto_key_group").query((rs, n) -> v.put(rs.getInt(1), rs.getInt(2))).list();
        return v;
    }

    public int groupVersion(int group) {
        return jdbc.sql("select version from crypto_key_group where group_no = ?").param(group).query(Integer.class).optional().orElse(1);
    }

    /** Asks for a re-key of the group, in the caller's transaction (the destruction's). */
    public void requestRekey(int group, Instant at) {
        jdbc.sql("""
                insert into crypto_key_group (group_no, version, rekey_requested_at) values (?, 1, ?)
                on conflict (group_no) do update set rekey_requested_at = coalesce(crypto_key_group.rekey_requested_at, excluded.rekey_requested_at)""")
                .params(group, Timestamp.from(at)).update();
    }

    public List<Integer> groupsToRekey() {
        return jdbc.sql("select group_no from crypto_key_group where rekey_requested_at is not null order by group_no")
                .query(Integer.class).list();
    }

    /** Locks the group's row for the re-key and moves it to its next version, request served; returns that version. */
    public int nextGroupVersion(int group) {
        jdbc.sql("insert into crypto_key_group (group_no, version) values (?, 1) on conflict (group_no) do nothing").param(group).update();
        int current = jdbc.sql("select version from crypto_key_group where group_no = ? for update").param(group)
                .query(Integer.class).single();
        jdbc.sql("update crypto_key_group set version = ?, rekey_requested_at = null where group_no = ?").params(current + 1, group).update();
        return current + 1;
    }

    /** Keys of the group wrapped under another key than {@code keyId}: what a re-key still has to move. */
    public List<Row> inGroupWrappedWithOtherThan(String groupPrefix, String keyId, int limit) {
        return jdbc.sql("""
                        select dossier_id, wrapped_key, master_key_id from crypto_dossier_key
                        where master_key_id like ? and master_key_id <> ? limit ?""")
                .params(groupPrefix + "%", keyId, limit)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getString(3))).list();
    }

    /** Keys wrapped by a master key (before groups, V105): moved into their group by a rotation. */
    public List<Row> wrappedWithMasterKeys(int limit) {
        return jdbc.sql("select dossier_id, wrapped_key, master_key_id from crypto_dossier_key where master_key_id like 'master-%' limit ?")
                .param(limit).query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getString(3))).list();
    }

    // --- retention-period key versions (V106) ---------------------------------------------------------

    public int epochVersion(String epoch) {
        return jdbc.sql("select version from crypto_epoch_version where epoch = ?").param(epoch).query(Integer.class).optional().orElse(1);
    }

    public void requestEpochRekey(String epoch, Instant at) {
        jdbc.sql("""
                insert into crypto_epoch_version (epoch, version, rekey_requested_at) values (?, 1, ?)
                on conflict (epoch) do update set rekey_requested_at = coalesce(crypto_epoch_version.rekey_requested_at, excluded.rekey_requested_at)""")
                .params(epoch, Timestamp.from(at)).update();
    }

    public List<String> epochsToRekey() {
        return jdbc.sql("select epoch from crypto_epoch_version where rekey_requested_at is not null order by epoch").query(String.class).list();
    }

    /** Locks the epoch's row and moves it to its next version, request served; returns that version. */
    public int nextEpochVersion(String epoch) {
        jdbc.sql("insert into crypto_epoch_version (epoch, version) values (?, 1) on conflict (epoch) do nothing").param(epoch).update();
        int current = jdbc.sql("select version from crypto_epoch_version where epoch = ? for update").param(epoch)
                .query(Integer.class).single();
        jdbc.sql("update crypto_epoch_version set version = ?, rekey_requested_at = null where epoch = ?").params(current + 1, epoch).update();
        return current + 1;
    }

    public void retire(String keyId, Instant at) {
        jdbc.sql("insert into crypto_key_retired (key_id, retired_at) values (?, ?) on conflict (key_id) do nothing")
                .params(keyId, Timestamp.from(at)).update();
    }

    public List<String> retiredBefore(Instant before) {
        return jdbc.sql("select key_id from crypto_key_retired where retired_at <= ? order by key_id")
                .param(Timestamp.from(before)).query(String.class).list();
    }

    public void forgetRetired(String keyId) {
        jdbc.sql("delete from crypto_key_retired where key_id = ?").param(keyId).update();
    }

    // --- per-document keys (V27) -----------------------------------------------------------------

    public void insertDocumentKey(UUID documentId, UUID dossierId, byte[] wrapped) {
        jdbc.sql("insert into crypto_document_key (document_id, dossier_id, wrapped_key, created_at) values (?, ?, ?, ?)")
                .params(documentId, dossierId, wrapped, Timestamp.from(Instant.now())).update();
    }

    /** Many documents' keys in ONE statement (the feed files hundreds of REMB documents in one transaction). */
    public void insertDocumentKeys(List<UUID> documentIds, List<UUID> dossierIds, List<byte[]> wrapped) {
        if (documentIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into crypto_document_key (document_id, dossier_id, wrapped_key, created_at)
                select d, o, w, ? from unnest(?::uuid[], ?::uuid[], ?::bytea[]) as t(d, o, w)""")
                .params(Timestamp.from(Instant.now()), documentIds.toArray(UUID[]::new), dossierIds.toArray(UUID[]::new),
                        wrapped.toArray(byte[][]::new))
                .update();
    }

    public Optional<byte[]> documentKey(UUID documentId, UUID dossierId) {
        return jdbc.sql("select wrapped_key from crypto_document_key where dossier_id = ? and document_id = ?")
                .params(dossierId, documentId).query(byte[].class).optional();
    }

    public int deleteDocumentKey(UUID dossierId, UUID documentId) {
        return jdbc.sql("delete from crypto_document_key where dossier_id = ? and document_id = ?").params(dossierId, documentId).update();
    }

    public int deleteDocumentKeys(UUID dossierId) {
        return jdbc.sql("delete from crypto_document_key where dossier_id = ?").param(dossierId).update();
    }

    /** Compare-and-set on the old master key id: a concurrent re-wrap of the same row is harmless. */
    public void rewrap(UUID dossierId, String fromKeyId, String toKeyId, byte[] wrapped) {
        jdbc.sql("update crypto_dossier_key set wrapped_key = ?, master_key_id = ? where dossier_id = ? and master_key_id = ?")
                .params(wrapped, toKeyId, dossierId, fromKeyId).update();
    }
}
