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
        insert(n, java.time.Duration.ZERO);
    }

    /**
     * Inserts the message (and its copy). A grouped one (NOT-3) waits {@code window}; while it waits,
     * the same group's next messages to the same recipient only count in it (one statement, race-free
     * on the partial unique index), and its body becomes the group's plural text.
     */
    public void insert(Notification n, java.time.Duration window) {
        Instant at = clock.instant();
        Timestamp now = Timestamp.from(at);
        if (n.group() == null) {
            jdbc.sql("""
                    insert into notification_outbox (channel, recipient, subject, body, kind, dossier_id, created_at, next_attempt_at, secret)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(n.channel().name(), n.recipient(), n.subject(), n.body(), n.kind(), n.dossierId(), now, now, n.secret())
                    .update();
        } else {
            jdbc.sql("""
                    insert into notification_outbox (channel, recipient, subject, body, kind, dossier_id, created_at, next_attempt_at,
                        secret, group_key, group_body, group_count)
                    values (?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?, 1)
                    on conflict (group_key) where sent_at is null and group_key is not null do update
                    set group_count = notification_outbox.group_count + 1,
                        body = replace(notification_outbox.group_body, '{n}', (notification_outbox.group_count + 1)::text)""")
                    .params(n.channel().name(), n.recipient(), n.subject(), n.body(), n.kind(), n.dossierId(), now,
                            Timestamp.from(at.plus(window)), n.group().key() + "|" + n.channel() + "|" + n.recipient(),
                            n.group().plural())
                    .update();
        }
        if (n.copy() != null) {
            insert(n.copy(), window);
        }
    }

    /** Locks due messages for this dispatcher; others skip them (SKIP LOCKED), so dispatchers can run side by side. */
    List<OutboxMessage> lockDue(int limit) {
        return jdbc.sql("select " + COLUMNS + " " + """
                         from notification_outbox where sent_at is null and next_attempt_at <= ?
                         order by next_attempt_at, id limit ? for update skip locked""")
                .params(Timestamp.from(clock.instant()), limit).query(OutboxRepository::message).list();
    }

    /**
     * A batch marked sent in one statement (the batch's transaction commits them together anyway).
     * A secret delivered by a real transport keeps only its redacted body (SEC-6), in the same
     * statement: the clear text never outlives the delivery's commit.
     */
    void markSent(long[] ids, String[] via, String[] redacted) {
        if (ids.length == 0) {
            return;
        }
        jdbc.sql("""
                update notification_outbox o set sent_at = ?, delivered_via = v.via, attempts = o.attempts + 1, last_error = null,
                    body = case when o.secret and v.via <> 'local-outbox' then v.redacted else o.body end,
                    redacted_at = case when o.secret and v.via <> 'local-outbox' then ? else o.redacted_at end
                from unnest(?::int8[], ?::text[], ?::text[]) as v(id, via, redacted) where o.id = v.id""")
                .params(Timestamp.from(clock.instant()), Timestamp.from(clock.instant()), ids, via, redacted).update();
    }

    /** Secrets shown in the demo's local outbox longer than its window: masked like delivered ones. */
    int redactLocalSecrets(Instant createdBefore) {
        record Row(long id, String body) {
        }
        List<Row> rows = jdbc.sql("""
                select id, body from notification_outbox where secret and redacted_at is null and created_at < ?
                for update skip locked""").param(Timestamp.from(createdBefore))
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2))).list();
        for (Row r : rows) {
            jdbc.sql("update notification_outbox set body = ?, redacted_at = ? where id = ?")
                    .params(health.carnet.notification.Notification.redact(r.body()), Timestamp.from(clock.instant()), r.id())
                    .update();
        }
        return rows.size();
    }

    /** Retention: delivered messages, and those never delivered, older than the cut-off. */
    int purge(Instant before) {
        return jdbc.sql("""
                delete from notification_outbox where (sent_at is not null and sent_at < ?) or (sent_at is null and created_at < ?)""")
                .params(Timestamp.from(before), Timestamp.from(before)).update();
    }

    void markFailed(long id, String error, Instant nextAttempt) {
        jdbc.sql("update notification_outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where id = ?")
                .params(error, Timestamp.from(nextAttempt), id).update();
    }

    public List<OutboxMessage> latestTo(String recipient, int limit) {
        return jdbc.sql("select " + COLUMNS + " from notification_outbox where recipient = ? order by id desc limit ?")
                .params(recipient, limit).query(OutboxRepository::message).list();
    }

    /** The demo's mailbox: messages no real transport carried, while their text is still there to read. */
    public List<OutboxMessage> latestLocal(int limit) {
        return jdbc.sql("select " + COLUMNS + " from notification_outbox where delivered_via = 'local-outbox' and redacted_at is null"
                        + " order by id desc limit ?")
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
