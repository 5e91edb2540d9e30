package health.carnet.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.carnet.support.IntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** AUD-3: append-only, hash-chained, concurrent appends stay a chain, the verification names the first broken entry. */
@IntegrationTest
class AuditChainTest {

    @Autowired
    AuditTrail audit;
    @Autowired
    JdbcClient jdbc;

    AuditRecord record(UUID dossier, int i) {
        return AuditRecord.of(Instant.now(), dossier, "PROFESSIONAL", "810000000017", "Dr Test", "10", "S", "CARE",
                "READ_DOCUMENTS", "test " + i, "PERMIT", "ACC-2", "normal", null);
    }

    @Test
    void concurrentAppendsToOneDossierFormOneUnbrokenChain() throws Exception {
        UUID dossier = UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            ids.add(pool.submit(() -> audit.append(record(dossier, n))));
        }
        for (Future<Long> f : ids) {
            assertThat(f.get()).isPositive();
        }
        pool.shutdown();
        List<Long> seqs = jdbc.sql("select seq from audit_event where chain_key = ? order by seq").param(dossier.toString())
                .query(Long.class).list();
        assertThat(seqs).hasSize(200);
        assertThat(seqs.get(199)).isEqualTo(200L);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void aSecondEntryAtTheSamePlaceOfAChainIsRefusedSoWritersCannotFork() {
        // what another node racing this one would write: the next seq of a chain this node just extended
        UUID dossier = UUID.randomUUID();
        audit.append(record(dossier, 0));
        assertThatThrownBy(() -> jdbc.sql("""
                insert into audit_event (chain_key, seq, at, dossier_id, actor_kind, action, outcome, prev_hash, hash)
                values (?, 1, now(), ?, 'SYSTEM', 'FORK', 'PERMIT', ?, ?)""")
                .params(dossier.toString(), dossier, "0".repeat(64), "f".repeat(64)).update())
                .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
        assertThat(audit.append(record(dossier, 1))).isPositive();
        assertThat(jdbc.sql("select max(seq) from audit_event where chain_key = ?").param(dossier.toString()).query(Long.class)
                .single()).isEqualTo(2L);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void theTrailRefusesUpdatesAndDeletes() {
        UUID dossier = UUID.randomUUID();
        long id = audit.append(record(dossier, 0));
        assertThatThrownBy(() -> jdbc.sql("update audit_event set outcome = 'DENY' where id = ?").param(id).update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where id = ?").param(id).update())
                .hasMessageContaining("append-only");
    }

    @Test
    void theVerificationNamesTheFirstAlteredEntry() {
        UUID dossier = UUID.randomUUID();
        audit.append(record(dossier, 0));
        long second = audit.append(record(dossier, 1));
        audit.append(record(dossier, 2));
        // a superuser bypasses the trigger: exactly the tampering the chain is there to reveal
        jdbc.sql("alter table audit_event disable trigger audit_event_no_update").update();
        try {
            jdbc.sql("update audit_event set outcome = 'DENY' where id = ?").param(second).update();
            ChainVerification v = audit.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenId()).isEqualTo(second);
            assertThat(v.problem()).contains("altered");
        } finally {
            jdbc.sql("update audit_event set outcome = 'PERMIT' where id = ?").param(second).update();
            jdbc.sql("alter table audit_event enable trigger audit_event_no_update").update();
        }
        assertThat(audit.verify().intact()).isTrue();
    }
}
