package health.carnet.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.support.IntegrationTest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #15, AUD-1..AUD-4: the audit trail is partitioned by month of its timestamp (V82), the
 * months ahead are created by a job, and the chains verify across partitions as before.
 */
@IntegrationTest
class AuditPartitionsTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditTrail audit;
    @Autowired
    AuditPartitions partitions;
    @Autowired
    Clock clock;

    static String name(LocalDate month) {
        return "audit_event_" + month.getYear() + "_" + String.format("%02d", month.getMonthValue());
    }

    String partitionOf(long id) {
        return jdbc.sql("select tableoid::regclass::text from audit_event where id = ?").param(id).query(String.class).single();
    }

    AuditRecord record(Instant at, UUID dossier, String what) {
        return AuditRecord.of(at, dossier, "PROFESSIONAL", "810000000017", "Dr Test", "10", "S", "CARE", "READ_DOCUMENTS", what,
                "PERMIT", "ACC-2", "normal", null);
    }

    @Test
    void theTrailIsPartitionedByMonthAndAnEntryGoesToItsMonth() {
        assertThat(jdbc.sql("select relkind::text from pg_class where relname = 'audit_event' and relnamespace = current_schema()::regnamespace")
                .query(String.class).single()).isEqualTo("p");
        LocalDate month = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1);
        for (int i = 0; i <= AuditPartitions.MONTHS_AHEAD; i++) {
            assertThat(partitions.exists(month.plusMonths(i))).as("partition of " + month.plusMonths(i)).isTrue();
        }
        UUID dossier = UUID.randomUUID();
        long now = audit.append(record(clock.instant(), dossier, "this month"));
        assertThat(partitionOf(now)).isEqualTo(name(month));
        // an entry dated long before any partition (a backdated import) is kept, in the default partition
        long old = audit.append(record(Instant.parse("1990-06-15T10:00:00Z"), dossier, "long ago"));
        assertThat(partitionOf(old)).isEqualTo("audit_event_default");
        // one chain across partitions: seq follows, and the trail still verifies (AUD-3)
        assertThat(jdbc.sql("select seq from audit_event where chain_key = ? order by seq").param(dossier.toString())
                .query(Long.class).list()).containsExactly(1L, 2L);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void theJobCreatesAMissingMonthAhead() {
        LocalDate last = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1).plusMonths(AuditPartitions.MONTHS_AHEAD);
        // the furthest month ahead is empty: as if the job had not run yet
        jdbc.sql("drop table " + name(last)).update();
        assertThat(partitions.exists(last)).isFalse();
        assertThat(partitions.ensureAhead()).isEqualTo(1);
        assertThat(partitions.exists(last)).isTrue();
        assertThat(jdbc.sql("select count(*) from pg_indexes where tablename = ? and indexdef like '%UNIQUE%(chain_key, seq)%'")
                .param(name(last)).query(Long.class).single()).as("the chain's unique index on the new partition").isEqualTo(1);
        assertThat(partitions.ensureAhead()).as("idempotent").isZero();
    }
}
