package health.carnet.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.audit.ChainVerification;
import health.carnet.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * AUD-3 against a privileged insider: the chain is keyed (HMAC, key outside the database), entries
 * from before the keying still verify, and signed heads published to a file reveal a chain
 * rewritten end to end even with the key. Each tampering is undone so the shared trail stays intact.
 */
@IntegrationTest
class AuditKeyingTest {

    @Autowired
    AuditTrail audit;
    @Autowired
    AuditRepository repository;
    @Autowired
    AuditHeads heads;
    @Autowired
    JdbcClient jdbc;

    record Row(long id, String chain, long seq, String prev, String hash, int version, String keyId, AuditRecord record) {
    }

    @Test
    void newEntriesAreChainedWithTheKeyedHash() {
        UUID dossier = chainOf(2);
        List<Row> rows = rows(dossier);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.version()).isEqualTo(2);
            assertThat(r.keyId()).isEqualTo("audit-hmac-1");
            // not the unkeyed hash anyone could recompute
            assertThat(r.hash()).isNotEqualTo(AuditRepository.hash(r.prev(), r.chain(), r.seq(), r.record()));
        });
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void aChainRewrittenWithRecomputedUnkeyedHashesIsDetected() {
        UUID dossier = chainOf(3);
        List<Row> original = rows(dossier);
        rewrite(original, (prev, r) -> AuditRepository.hash(prev, r.chain(), r.seq(), r.record()), 1, null);
        try {
            ChainVerification v = audit.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenId()).isEqualTo(original.get(0).id());
            assertThat(v.problem()).contains("unkeyed");
        } finally {
            restore(original);
        }
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void aChainRewrittenConsistentlyWithoutTheKeyIsDetected() throws Exception {
        UUID dossier = chainOf(3);
        List<Row> original = rows(dossier);
        byte[] guessed = new byte[32];
        new SecureRandom().nextBytes(guessed);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(guessed, "HmacSHA256"));
        rewrite(original, (prev, r) -> HexFormat.of().formatHex(mac.doFinal(AuditRepository.canonical(prev, r.chain(), r.seq(),
                r.record()))), 2, "audit-hmac-1");
        try {
            ChainVerification v = audit.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenId()).isEqualTo(original.get(0).id());
            assertThat(v.problem()).contains("altered");
        } finally {
            restore(original);
        }
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void aChainRewrittenEndToEndEvenWithTheKeyIsDetectedByThePublishedHeads() {
        UUID dossier = chainOf(3);
        List<Row> original = rows(dossier);
        heads.publish();
        assertThat(heads.file()).exists();
        assertThat(audit.verify().intact()).isTrue();
        // whoever holds the database AND the HMAC key: every hash recomputed, the chains alone verify
        rewrite(original, (prev, r) -> repository.keyedHash("audit-hmac-1", prev, r.chain(), r.seq(), r.record()), 2, "audit-hmac-1");
        try {
            assertThat(repository.verifyChains().intact()).isTrue();
            ChainVerification v = audit.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.problem()).contains("rewritten");
        } finally {
            restore(original);
        }
        assertThat(audit.verify().intact()).isTrue();
        // later entries are covered by the next head
        chainOf(1);
        assertThat((heads.publish() != null)).isTrue();
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void anAlteredHeadsFileIsDetected() throws Exception {
        chainOf(1);
        heads.publish();
        Path file = heads.file();
        String before = Files.readString(file, StandardCharsets.UTF_8);
        String lastLine = before.lines().reduce((a, b) -> b).orElseThrow();
        // a forged digest on the last line: the signature no longer matches
        String forged = lastLine.replaceFirst("digest=([0-9a-f])", "digest=" + (lastLine.contains("digest=0") ? "1" : "0"));
        Files.writeString(file, before.replace(lastLine, forged), StandardCharsets.UTF_8);
        try {
            ChainVerification v = audit.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.problem()).contains("signature");
            // a line removed from the middle breaks the link of the next one
            if (before.lines().count() >= 2) {
                List<String> lines = before.lines().toList();
                Files.writeString(file, String.join("\n", lines.subList(1, lines.size())) + "\n", StandardCharsets.UTF_8);
                assertThat(audit.verify().problem()).contains("removed or reordered");
            }
        } finally {
            Files.writeString(file, before, StandardCharsets.UTF_8);
        }
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void entriesWrittenBeforeTheKeyingStillVerifyWithTheirUnkeyedHash() {
        // a chain as the former code wrote it (hash_version 1, plain SHA-256), before the keying started
        UUID dossier = UUID.randomUUID();
        String prev = AuditRepository.GENESIS;
        long legacyBefore = repository.legacyUntilId();
        for (int seq = 1; seq <= 2; seq++) {
            AuditRecord r = AuditRecord.of(Instant.parse("2025-01-0" + seq + "T10:00:00Z"), dossier, "PROFESSIONAL", "810000000017",
                    "Dr Ancien", "10", "S", "CARE", "READ_DOCUMENTS", "legacy", "PERMIT", "ACC-2", "normal", null);
            String hash = AuditRepository.hash(prev, dossier.toString(), seq, r);
            jdbc.sql("""
                    insert into audit_event (chain_key, seq, at, dossier_id, actor_kind, actor_id, actor_name, profession, structure,
                        role, action, target, outcome, rule, access_mode, prev_hash, hash)
                    values (?, ?, ?, ?, 'PROFESSIONAL', '810000000017', 'Dr Ancien', '10', 'S', 'CARE', 'READ_DOCUMENTS', 'legacy',
                        'PERMIT', 'ACC-2', 'normal', ?, ?)""")
                    .params(dossier.toString(), seq, java.sql.Timestamp.from(r.at()), dossier, prev, hash).update();
            prev = hash;
        }
        long last = jdbc.sql("select max(id) from audit_event where chain_key = ?").param(dossier.toString()).query(Long.class).single();
        // after the keying, an unkeyed entry is a forgery
        assertThat(repository.verifyChains().problem()).contains("unkeyed");
        // as the migration would have recorded it, had these been written before it ran
        jdbc.sql("update audit_keying set legacy_until_id = ?").param(last).update();
        try {
            assertThat(repository.verifyChains().intact()).isTrue();
            // a keyed entry continues the legacy chain; an unkeyed one after it would be refused
            audit.append(AuditRecord.of(Instant.now(), dossier, "PATIENT", "p", "P", null, null, null, "READ_HISTORY", null,
                    "PERMIT", "AUD-2", null, null));
            assertThat(repository.verifyChains().intact()).isTrue();
            assertThat(rows(dossier)).extracting(Row::version).containsExactly(1, 1, 2);
            heads.publish(); // the published heads now carry this start of the keyed chain
            assertThat(audit.verify().intact()).isTrue();
        } finally {
            if (legacyBefore > last) {
                jdbc.sql("update audit_keying set legacy_until_id = ?").param(legacyBefore).update();
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private UUID chainOf(int n) {
        UUID dossier = UUID.randomUUID();
        for (int i = 0; i < n; i++) {
            audit.append(AuditRecord.of(Instant.now(), dossier, "PROFESSIONAL", "810000000017", "Dr Test", "10", "S", "CARE",
                    "READ_DOCUMENTS", "entry " + i, "PERMIT", "ACC-2", "normal", null));
        }
        return dossier;
    }

    private List<Row> rows(UUID dossier) {
        return jdbc.sql("select * from audit_event where chain_key = ? order by seq").param(dossier.toString())
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("chain_key"), rs.getLong("seq"), rs.getString("prev_hash"),
                        rs.getString("hash"), rs.getInt("hash_version"), rs.getString("key_id"), new AuditRecord(rs.getLong("id"),
                        rs.getTimestamp("at").toInstant(), rs.getObject("dossier_id", UUID.class), rs.getString("actor_kind"),
                        rs.getString("actor_id"), rs.getString("actor_name"), rs.getString("profession"), rs.getString("structure"),
                        rs.getString("role"), rs.getString("action"), rs.getString("target"), rs.getString("outcome"),
                        rs.getString("rule"), rs.getString("access_mode"), rs.getString("reason"))))
                .list();
    }

    interface Hasher {
        String hash(String prev, Row row) throws Exception;
    }

    /** The insider's rewrite: every entry says DENY, each hash recomputed in order from the chain's start. */
    private void rewrite(List<Row> rows, Hasher hasher, int version, String keyId) {
        jdbc.sql("alter table audit_event disable trigger audit_event_no_update").update();
        String prev = AuditRepository.GENESIS;
        for (Row r : rows) {
            AuditRecord changed = new AuditRecord(r.id(), r.record().at(), r.record().dossierId(), r.record().actorKind(),
                    r.record().actorId(), r.record().actorName(), r.record().profession(), r.record().structure(), r.record().role(),
                    r.record().action(), r.record().target(), "DENY", r.record().rule(), r.record().accessMode(), r.record().reason());
            String hash;
            try {
                hash = hasher.hash(prev, new Row(r.id(), r.chain(), r.seq(), prev, null, version, keyId, changed));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            jdbc.sql("update audit_event set outcome = 'DENY', prev_hash = ?, hash = ?, hash_version = ?, key_id = ? where id = ?")
                    .params(prev, hash, version, keyId, r.id()).update();
            prev = hash;
        }
    }

    private void restore(List<Row> rows) {
        for (Row r : rows) {
            jdbc.sql("update audit_event set outcome = ?, prev_hash = ?, hash = ?, hash_version = ?, key_id = ? where id = ?")
                    .params(r.record().outcome(), r.prev(), r.hash(), r.version(), r.keyId(), r.id()).update();
        }
        jdbc.sql("alter table audit_event enable trigger audit_event_no_update").update();
    }
}
