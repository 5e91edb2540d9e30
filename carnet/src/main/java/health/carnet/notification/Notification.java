package health.carnet.notification;

import java.util.Objects;
import java.util.UUID;

/**
 * One message to one recipient. {@code kind} names the event (DOSSIER_CREATED, LOGIN_CODE, ...);
 * subject and body are generic: no medical content ever goes out.
 */
public record Notification(Channel channel, String recipient, String kind, String subject, String body, UUID dossierId) {
    public Notification {
        Objects.requireNonNull(channel, "channel");
        if (recipient == null || recipient.isBlank()) {
            throw new IllegalArgumentException("A notification needs a recipient (email address or phone number).");
        }
        Objects.requireNonNull(kind, "kind");
    }
}
