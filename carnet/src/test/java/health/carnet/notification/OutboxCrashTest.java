package health.carnet.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.carnet.notification.internal.Dispatcher;
import health.carnet.support.IntegrationTest;
import health.carnet.support.MailServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * NOT-2: a notification exists if and only if its event committed, and none is lost when the
 * dispatcher dies half-way through a batch: what it sent but did not record is sent again.
 */
@IntegrationTest
class OutboxCrashTest {

    @Autowired
    Notifications notifications;
    @Autowired
    Dispatcher dispatcher;
    @Autowired
    TransactionTemplate transactions;

    @AfterEach
    void resume() {
        dispatcher.setPaused(false);
    }

    @Test
    void aCrashBetweenSendingAndRecordingLosesNothing() throws InterruptedException {
        dispatcher.setPaused(true);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> recipients = new ArrayList<>();
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < 10; i++) {
                String to = "crash-" + run + "-" + i + "@example.org";
                recipients.add(to);
                notifications.enqueue(new Notification(Channel.EMAIL, to, "TEST", "Test " + i, "Message sans détail médical.", null));
            }
        });
        AtomicInteger sent = new AtomicInteger();
        assertThatThrownBy(() -> dispatcher.dispatchBatch(50, m -> {
            if (m.recipient().startsWith("crash-" + run) && sent.incrementAndGet() == 4) {
                throw new IllegalStateException("the dispatcher dies here");
            }
        })).hasMessageContaining("dies");
        // nothing was recorded as sent: the batch rolled back
        assertThat(recipients).allSatisfy(r -> assertThat(notifications.latestTo(r, 1).get(0).sentAt()).isNull());
        dispatcher.setPaused(false);
        for (String r : recipients) {
            MailServer.awaitCount(r, "Test", 1, Duration.ofSeconds(20));
        }
        // the batch is recorded once all its messages went out (other channels' messages may share it): wait for the commit
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && recipients.stream().anyMatch(r -> notifications.latestTo(r, 1).get(0).sentAt() == null)) {
            Thread.sleep(50);
        }
        assertThat(recipients).allSatisfy(r -> assertThat(notifications.latestTo(r, 1).get(0).sentAt()).isNotNull());
    }

    @Test
    void aNotificationOfAnEventThatRolledBackIsNeverSent() {
        String to = "rollback-" + UUID.randomUUID() + "@example.org";
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            notifications.enqueue(new Notification(Channel.EMAIL, to, "TEST", "Never", "x", null));
            throw new IllegalStateException("the event fails");
        })).hasMessageContaining("event fails");
        assertThat(notifications.latestTo(to, 1)).isEmpty();
    }

    @Test
    void enqueuingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> notifications.enqueue(new Notification(Channel.EMAIL, "x@example.org", "TEST", "s", "b", null)))
                .hasMessageContaining("transaction");
    }
}
