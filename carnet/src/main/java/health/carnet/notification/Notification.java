package health.carnet.notification;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One message to one recipient. {@code kind} names the event (DOSSIER_CREATED, LOGIN_CODE, ...);
 * subject and body are generic: no medical content ever goes out. A {@code secret} message carries
 * a password or a code (SEC-6): once a real transport delivered it, the outbox keeps only its
 * {@link #redact redacted} body.
 */
public record Notification(Channel channel, String recipient, String kind, String subject, String body, UUID dossierId,
                           boolean secret) {
    public Notification {
        Objects.requireNonNull(channel, "channel");
        if (recipient == null || recipient.isBlank()) {
            throw new IllegalArgumentException("A notification needs a recipient (email address or phone number).");
        }
        Objects.requireNonNull(kind, "kind");
    }

    /** A message without a secret. */
    public Notification(Channel channel, String recipient, String kind, String subject, String body, UUID dossierId) {
        this(channel, recipient, kind, subject, body, dossierId, false);
    }

    /** Secrets are written "label : value"; the value (6 or more letters or digits) is what goes. */
    private static final Pattern SECRET_VALUE = Pattern.compile("( : )[A-Za-z0-9]{6,}");
    public static final String MASK = "••••••";

    /** The body with every secret value masked: what the outbox keeps after delivery (SEC-6). */
    public static String redact(String body) {
        return body == null ? null : SECRET_VALUE.matcher(body).replaceAll("$1" + MASK);
    }
}
