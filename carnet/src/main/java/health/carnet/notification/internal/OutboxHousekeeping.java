package health.carnet.notification.internal;

import health.carnet.notification.NotificationSettings;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * SEC-6 and retention: masks the secrets the demo's local outbox still shows once its window has
 * passed, and deletes messages older than the retention period (delivered or not: a message
 * undelivered after that long has been logged and parked). Runs every 10 minutes.
 */
@Component
public class OutboxHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(OutboxHousekeeping.class);

    private final OutboxRepository outbox;
    private final NotificationSettings settings;
    private final Clock clock;

    OutboxHousekeeping(OutboxRepository outbox, NotificationSettings settings, Clock clock) {
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
    }

    public record Result(int redacted, int purged) {
    }

    @Scheduled(fixedDelayString = "${carnet.notification.housekeeping-interval:10m}", initialDelayString = "1m")
    @Transactional
    public Result run() {
        int redacted = outbox.redactLocalSecrets(clock.instant().minus(settings.localOutboxWindow()));
        int purged = outbox.purge(clock.instant().minus(settings.retention()));
        if (redacted + purged > 0) {
            log.info("Outbox housekeeping: {} secret(s) masked, {} message(s) older than {} deleted", redacted, purged,
                    settings.retention());
        }
        return new Result(redacted, purged);
    }
}
