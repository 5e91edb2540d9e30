package health.carnet.audit.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The audit trail's monthly partitions (V82, issue #15): this month's and the next ones are created
 * ahead, at start and every day, so an append never waits for a partition nor lands in the default
 * one. Idempotent (several nodes may run it); a failure is logged and retried the next day, with
 * months of margin.
 */
@Component
class AuditPartitions {

    private static final Logger log = LoggerFactory.getLogger(AuditPartitions.class);
    static final int MONTHS_AHEAD = 3;

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditPartitions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void atStart() {
        ensureAhead();
    }

    @Scheduled(cron = "${carnet.audit.partitions-cron:0 45 2 * * *}", zone = "UTC")
    public void daily() {
        ensureAhead();
    }

    /** Creates the partitions of this month and the {@value #MONTHS_AHEAD} next ones that do not exist yet. */
    int ensureAhead() {
        LocalDate month = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1);
        int created = 0;
        for (int i = 0; i <= MONTHS_AHEAD; i++) {
            LocalDate m = month.plusMonths(i);
            try {
                boolean existed = exists(m);
                jdbc.sql("select audit_event_month_partition(?)::text").param(java.sql.Date.valueOf(m)).query(String.class).list();
                created += existed ? 0 : 1;
            } catch (RuntimeException e) {
                // e.g. entries of that month already sit in the default partition: the operator moves them
                log.error("Could not create the audit trail's partition for {}: {}", m, e.getMessage());
            }
        }
        if (created > 0) {
            log.info("Audit trail: {} monthly partition(s) created ahead", created);
        }
        return created;
    }

    boolean exists(LocalDate month) {
        return jdbc.sql("select to_regclass(?) is not null").param("audit_event_" + month.getYear() + "_" + String.format("%02d", month.getMonthValue()))
                .query(Boolean.class).single();
    }
}
