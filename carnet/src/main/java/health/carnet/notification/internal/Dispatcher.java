package health.carnet.notification.internal;

import health.carnet.notification.NotificationSettings;
import health.carnet.notification.OutboxMessage;
import health.carnet.notification.SmsGateway;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the outbox holds. Each batch is locked and marked in one transaction: if the process
 * dies mid-way, the transaction rolls back and the messages are sent again by the next run
 * (at-least-once: a message may go twice, never zero times). Failures back off exponentially.
 */
@Component
public class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final OutboxRepository outbox;
    private final TransactionTemplate transactions;
    private final NotificationSettings settings;
    private final ObjectProvider<JavaMailSender> mail;
    private final SmsGateway sms;
    private final Clock clock;
    private final boolean smtpConfigured;
    private final MssanteTransport mssante;
    private final LetterTransport letters;

    Dispatcher(OutboxRepository outbox, TransactionTemplate transactions, NotificationSettings settings,
               ObjectProvider<JavaMailSender> mail, ObjectProvider<SmsGateway> sms, Clock clock,
               org.springframework.core.env.Environment env, MssanteTransport mssante, LetterTransport letters) {
        this.mssante = mssante;
        this.letters = letters;
        this.outbox = outbox;
        this.transactions = transactions;
        this.settings = settings;
        this.mail = mail;
        this.sms = sms.getIfAvailable();
        this.clock = clock;
        this.smtpConfigured = !env.getProperty("spring.mail.host", "").isBlank();
    }

    private volatile boolean paused;

    /** Holds the scheduled sending (maintenance of a channel; the crash test); messages wait in the outbox. */
    public void setPaused(boolean paused) {
        this.paused = paused;
    }

    @Scheduled(fixedDelayString = "${carnet.notification.poll-interval:500ms}")
    public void dispatchDue() {
        if (paused) {
            return;
        }
        int sent;
        do {
            sent = dispatchBatch(50);
        } while (sent == 50);
    }

    /** One batch in one transaction; returns how many messages were handled. */
    public int dispatchBatch(int size) {
        return dispatchBatch(size, m -> { });
    }

    /**
     * As {@link #dispatchBatch(int)}, calling {@code afterSend} after each message went out and
     * before the batch commits: where a crash would hurt most (the crash test throws there).
     */
    public int dispatchBatch(int size, java.util.function.Consumer<OutboxMessage> afterSend) {
        Integer handled = transactions.execute(tx -> {
            List<OutboxMessage> due = outbox.lockDue(size);
            long[] sentIds = new long[due.size()];
            String[] sentVia = new String[due.size()];
            String[] redacted = new String[due.size()];
            int sent = 0;
            for (OutboxMessage m : due) {
                String via;
                try {
                    via = deliver(m);
                } catch (Exception e) {
                    failed(m, e);
                    continue;
                }
                afterSend.accept(m);
                sentIds[sent] = m.id();
                redacted[sent] = health.carnet.notification.Notification.redact(m.body());
                sentVia[sent++] = via;
            }
            outbox.markSent(java.util.Arrays.copyOf(sentIds, sent), java.util.Arrays.copyOf(sentVia, sent),
                    java.util.Arrays.copyOf(redacted, sent));
            return due.size();
        });
        return handled == null ? 0 : handled;
    }

    private void failed(OutboxMessage m, Exception e) {
        Duration backoff = settings.firstRetry().multipliedBy(1L << Math.min(m.attempts(), 11));
        if (m.attempts() + 1 >= settings.maxAttempts()) {
            log.error("Notification {} ({}) failed {} times; parked: {}", m.id(), m.kind(), m.attempts() + 1, e.toString());
            backoff = Duration.ofDays(3650);
        } else {
            log.warn("Notification {} ({}) failed, retry in {}: {}", m.id(), m.kind(), backoff, e.toString());
        }
        outbox.markFailed(m.id(), e.toString(), clock.instant().plus(backoff));
    }

    private String deliver(OutboxMessage m) throws Exception {
        switch (m.channel()) {
            case EMAIL -> {
                if (!smtpConfigured || mail.getIfAvailable() == null) {
                    return localOrFail(m);
                }
                JavaMailSender sender = mail.getObject();
                MimeMessage message = sender.createMimeMessage();
                MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
                helper.setFrom(settings.from());
                helper.setTo(m.recipient());
                helper.setSubject(m.subject());
                helper.setText(m.body());
                sender.send(message);
                return "smtp";
            }
            case SMS -> {
                if (sms == null) {
                    return localOrFail(m);
                }
                sms.send(m.recipient(), m.body());
                return "sms-gateway";
            }
            case MSSANTE -> {
                // NOT-3: to the professional's MSSanté mailbox, over TLS to the operator
                if (!mssante.configured()) {
                    return localOrFail(m);
                }
                mssante.send(m);
                return "mssante";
            }
            case LETTER -> {
                // DOS-1: a print-ready PDF, durable in the print provider's spool before the row counts as sent
                if (!letters.configured()) {
                    return localOrFail(m);
                }
                letters.send(m);
                return "letter-spool";
            }
            default -> {
                return localOrFail(m);
            }
        }
    }

    private String localOrFail(OutboxMessage m) {
        if (!settings.localOutbox()) {
            throw new IllegalStateException("No " + m.channel() + " channel is configured");
        }
        return "local-outbox";
    }
}
