package health.carnet.notification;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.internal.OutboxHousekeeping;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SEC-6, issue #9 row 2: secrets (initial passwords, one-time and creation codes) are not kept in
 * clear once delivered; the demo's local outbox shows a secret only for its window; messages are
 * purged after the retention period.
 */
@IntegrationTest
class OutboxSecretsTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    OutboxHousekeeping housekeeping;
    @Autowired
    JdbcClient jdbc;
    Http http;
    Patients patients;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        patients = new Patients(http, notifications);
    }

    @Test
    void deliveredSecretsKeepOnlyTheirRedactedText_SEC6() {
        Fresh p = Fresh.patient(http, patients, support);
        OutboxMessage credentials = notifications.latestTo(p.email(), 20).stream().filter(m -> m.kind().equals("CREDENTIALS"))
                .findFirst().orElseThrow();
        assertThat(credentials.sentAt()).isNotNull();
        assertThat(credentials.body()).doesNotContain(p.initialPassword()).doesNotContain(p.login()).contains(Notification.MASK);
        // the patient got them in clear by SMTP (Fresh read them from GreenMail) and they work
        assertThat(http.post("/api/login", null, java.util.Map.of("login", p.login(), "password", p.initialPassword())).statusCode())
                .isEqualTo(202);
        String code = patients.lastCode(p.email(), "LOGIN_CODE");
        OutboxMessage loginCode = notifications.latestTo(p.email(), 20).stream().filter(m -> m.kind().equals("LOGIN_CODE"))
                .findFirst().orElseThrow();
        assertThat(loginCode.body()).doesNotContain(code).contains(Notification.MASK);
        // nowhere in the table, whatever the column
        assertThat(jdbc.sql("select count(*) from notification_outbox where body like ? or subject like ?")
                .params("%" + p.initialPassword() + "%", "%" + p.initialPassword() + "%").query(Long.class).single()).isZero();
    }

    @Test
    void theLocalOutboxShowsASecretOnlyWithinItsWindowThenMasksIt_SEC6() {
        String to = "local-" + UUID.randomUUID() + "@example.org";
        long old = local(to, "Votre code de connexion : 123456 (valable 10 minutes).", Instant.now().minus(Duration.ofHours(2)));
        long fresh = local(to, "Votre code de connexion : 654321 (valable 10 minutes).", Instant.now());
        String page = http.get("/outbox.json", null).body();
        assertThat(page).contains("654321").contains("123456");
        housekeeping.run();
        String after = http.get("/outbox.json", null).body();
        assertThat(after).contains("654321").doesNotContain("123456");
        assertThat(body(old)).isEqualTo("Votre code de connexion : " + Notification.MASK + " (valable 10 minutes).");
        assertThat(body(fresh)).contains("654321");
    }

    @Test
    void messagesOlderThanTheRetentionAreDeleted() {
        String to = "old-" + UUID.randomUUID() + "@example.org";
        long sentLongAgo = local(to, "Ancien message", Instant.now().minus(Duration.ofDays(31)));
        long recent = local(to, "Message récent", Instant.now().minus(Duration.ofDays(29)));
        housekeeping.run();
        assertThat(jdbc.sql("select id from notification_outbox where recipient = ?").param(to).query(Long.class).list())
                .containsExactly(recent).doesNotContain(sentLongAgo);
    }

    /** A message the demo's local outbox delivered at that time. */
    private long local(String to, String body, Instant at) {
        return jdbc.sql("""
                insert into notification_outbox (channel, recipient, subject, body, kind, created_at, next_attempt_at, sent_at,
                    delivered_via, attempts, secret) values ('EMAIL', ?, 'Votre code de connexion', ?, 'LOGIN_CODE', ?, ?, ?,
                    'local-outbox', 1, true) returning id""")
                .params(to, body, Timestamp.from(at), Timestamp.from(at), Timestamp.from(at)).query(Long.class).single();
    }

    private String body(long id) {
        return jdbc.sql("select body from notification_outbox where id = ?").param(id).query(String.class).single();
    }
}
