package health.carnet.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param from          sender address of emails
 * @param smsGatewayUrl HTTP endpoint of the SMS provider; blank = local outbox
 * @param localOutbox   show messages without a real channel at /outbox: demo only, and refused at
 *                      start unless the demo data is on and the server binds to a loopback address
 *                      (it shows one-time codes and initial passwords)
 * @param localOutboxWindow how long a secret message stays readable on /outbox (the demo's
 *                      mailbox) before its code is masked like a delivered one's
 * @param retention     delivered messages (and messages never delivered) are deleted after this
 * @param maxAttempts   attempts before a message is parked as failed
 * @param firstRetry    delay before the first retry; doubles at each attempt
 * @param pollInterval  how often the dispatcher looks for due messages
 * @param groupingWindow how long a grouped notice (NOT-3: deposits by one professional) waits for
 *                      the next ones of its group before it goes, as one message
 */
@ConfigurationProperties("carnet.notification")
public record NotificationSettings(
        @DefaultValue("no-reply@carnet.localhost") String from,
        @DefaultValue("") String smsGatewayUrl,
        @DefaultValue("true") boolean localOutbox,
        @DefaultValue("12") int maxAttempts,
        @DefaultValue("2s") Duration firstRetry,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("1h") Duration localOutboxWindow,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("2m") Duration groupingWindow) {
}
