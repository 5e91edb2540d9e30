package health.carnet.notification.internal;

import health.carnet.notification.Channel;
import health.carnet.notification.Notification;
import health.carnet.notification.OutboxMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class OutboxRepository {

    private static final String COLUMNS = "id, channel, recipient, kind, subject, body, created_at, attempts, sent_at, delivered_via, last_error";

    private final JdbcClient jdbc;
    private final Clock clock;

    public OutboxRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void insert(Notification n) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into notification_outbox (channel, recipient, subject, body, kind, dossier_id, created_at, next_attempt_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(n.channel().name(), n.recipient(), n.subject(), n.body(), n.kind(), n.dossierId(), now, now)
                .update();
    }

    /** Locks due messages for this dispatcher; others skip them (SKIP LOCKED), so dispatchers can run side by side. */
    List<OutboxMessage> lockDue(int limit) {
        return jdbc.sql("select " + COLUMNS + " " + """
                         from notification_outbox where sent_at is null and next_attempt_at <= ?
                         order by next_attempt_at, id limit ? for update skip locked""")
                .params(Timestamp.from(clock.instant()), limit).query(OutboxRepository::message).list();
    }

    void markSent(long id, String via) {
        jdbc.sql("update notification_outbox set sent_at = ?, delivered_via = ?, attempts = attempts + 1, last_error = null where id = ?")
                .params(Timestamp.from(clock.instant()), via, id).update();
    }

    /** A batch marked sent in one statement (the batch's transaction commits them together anyway). */
    void markSent(long[] ids, String[] via) {
        if (ids.length == 0) {
            return;
        }
        jdbc.sql("""
                update notification_outbox o set sent_at = ?, delivered_via = v.via, attempts = o.attempts + 1, last_error = null
                from unnest(?::int8[], ?::text[]) as v(id, via) where o.id = v.id""")
                .params(Timestamp.from(clock.instant()), ids, via).update();
    }

    void markFailed(long id, String error, Instant nextAttempt) {
        jdbc.sql("update notification_outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where id = ?")
                .params(error, Timestamp.from(nextAttempt), id).update();
    }

    public List<OutboxMessage> latestTo(String recipient, int limit) {
        return jdbc.sql("select " + COLUMNS + " from notification_outbox where recipient = ? order by id desc limit ?")
                .params(recipient, limit).query(OutboxRepository::message).list();
    }

    public List<OutboxMessage> latestLocal(int limit) {
        return jdbc.sql("select " + COLUMNS + " from notification_outbox where delivered_via = 'local-outbox' order by id desc limit ?")
                .params(limit).query(OutboxRepository::message).list();
    }

    private static OutboxMessage message(ResultSet rs, int n) throws SQLException {
        Timestamp sent = rs.getTimestamp("sent_at");
        return new OutboxMessage(rs.getLong("id"), Channel.valueOf(rs.getString("channel")), rs.getString("recipient"),
                rs.getString("kind"), rs.getString("subject"), rs.getString("body"),
                rs.getTimestamp("created_at").toInstant(), rs.getInt("attempts"), sent == null ? null : sent.toInstant(),
                rs.getString("delivered_via"), rs.getString("last_error"));
    }
}
