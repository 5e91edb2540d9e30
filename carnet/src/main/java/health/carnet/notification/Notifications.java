package health.carnet.notification;

import health.carnet.notification.internal.OutboxRepository;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The notification module's API: enqueue in the caller's transaction; read the local outbox. */
@Service
public class Notifications {

    private final OutboxRepository outbox;
    private final NotificationSettings settings;

    Notifications(OutboxRepository outbox, NotificationSettings settings) {
        this.outbox = outbox;
        this.settings = settings;
    }

    /**
     * Records the message in the outbox within the caller's transaction (required): if the
     * caller's event rolls back, so does its notification; once committed it will be sent.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(Notification notification) {
        outbox.insert(notification, settings.groupingWindow());
    }

    /** The latest messages to this recipient, newest first: the local outbox page and tests read it. */
    public List<OutboxMessage> latestTo(String recipient, int limit) {
        return outbox.latestTo(recipient, limit);
    }
}
