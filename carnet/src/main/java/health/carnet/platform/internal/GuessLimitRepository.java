package health.carnet.platform.internal;

import health.carnet.platform.GuessLimits.Failure;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of table {@code guess_limit} (SEC-5). */
@Repository
public class GuessLimitRepository {

    private final JdbcClient jdbc;

    GuessLimitRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Instant> lockedUntil(String scope, String target) {
        return jdbc.sql("select locked_until from guess_limit where scope = ? and target_hash = ? and locked_until is not null")
                .params(scope, target).query(Timestamp.class).optional().map(Timestamp::toInstant);
    }

    /**
     * One failure more, under the row's lock so concurrent guesses count one by one. A window that
     * has passed starts again; reaching {@code max} locks and starts a new count.
     */
    public Failure countFailure(String scope, String target, Instant now, Duration window, int max, Instant lockUntil) {
        jdbc.sql("""
                insert into guess_limit (scope, target_hash, failures, first_failure_at) values (?, ?, 0, ?)
                on conflict (scope, target_hash) do nothing""").params(scope, target, Timestamp.from(now)).update();
        Object[] row = jdbc.sql("select failures, first_failure_at from guess_limit where scope = ? and target_hash = ? for update")
                .params(scope, target)
                .query((rs, n) -> new Object[] {rs.getInt(1), rs.getTimestamp(2).toInstant()}).single();
        int failures = (Integer) row[0];
        Instant first = (Instant) row[1];
        if (!now.isBefore(first.plus(window))) {
            failures = 0;
            first = now;
        }
        failures++;
        if (failures >= max) {
            jdbc.sql("update guess_limit set failures = 0, first_failure_at = ?, locked_until = ? where scope = ? and target_hash = ?")
                    .params(Timestamp.from(now), Timestamp.from(lockUntil), scope, target).update();
            return new Failure(failures, lockUntil);
        }
        jdbc.sql("update guess_limit set failures = ?, first_failure_at = ? where scope = ? and target_hash = ?")
                .params(failures, Timestamp.from(first), scope, target).update();
        return new Failure(failures, null);
    }

    public void reset(String scope, String target) {
        jdbc.sql("delete from guess_limit where scope = ? and target_hash = ?").params(scope, target).update();
    }

    public int deleteExpired(Instant now, Instant windowStartedBefore) {
        return jdbc.sql("""
                delete from guess_limit where first_failure_at < ? and (locked_until is null or locked_until < ?)""")
                .params(Timestamp.from(windowStartedBefore), Timestamp.from(now)).update();
    }
}
