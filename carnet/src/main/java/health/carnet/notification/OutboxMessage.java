package health.carnet.notification;

import java.time.Instant;

public record OutboxMessage(long id, Channel channel, String recipient, String kind, String subject, String body,
                            Instant createdAt, int attempts, Instant sentAt, String deliveredVia, String lastError) {
}
