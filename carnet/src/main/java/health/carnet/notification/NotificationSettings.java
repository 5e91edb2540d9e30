package health.carnet.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param from          sender address of emails
 * @param smsGatewayUrl HTTP endpoint of the SMS provider; blank = local outbox
 * @param localOutbox   show messages without a real channel at /outbox (embedded default only:
 *                      it shows one-time codes)
 * @param maxAttempts   attempts before a message is parked as failed
 * @param firstRetry    delay before the first retry; doubles at each attempt
 * @param pollInterval  how often the dispatcher looks for due messages
 */
@ConfigurationProperties("carnet.notification")
public record NotificationSettings(
        @DefaultValue("no-reply@carnet.localhost") String from,
        @DefaultValue("") String smsGatewayUrl,
        @DefaultValue("true") boolean localOutbox,
        @DefaultValue("12") int maxAttempts,
        @DefaultValue("2s") Duration firstRetry,
        @DefaultValue("500ms") Duration pollInterval) {
}
