package health.carnet.notification;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One message to one recipient. {@code kind} names the event (DOSSIER_CREATED, LOGIN_CODE, ...);
 * subject and body are generic: no medical content ever goes out. A {@code secret} message carries
 * a password or a code (SEC-6): once a real transport delivered it, the outbox keeps only its
 * {@link #redact redacted} body.
 * <p>
 * A {@code group}ed message (NOT-3: deposits by one professional) waits for the grouping window;
 * the same group's messages in that window make one, whose body is the group's plural text. A
 * {@code copy} is the same notice by a second channel the patient chose (NOT-1: email and SMS).
 */
public record Notification(Channel channel, String recipient, String kind, String subject, String body, UUID dossierId,
                           boolean secret, Group group, Notification copy) {

    /**
     * @param key    what makes messages one (the event, the dossier, the depositor); the recipient is added
     * @param plural the body when several were grouped, {@code {n}} standing for how many
     */
    public record Group(String key, String plural) {
        public Group {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(plural, "plural");
        }
    }

    public Notification {
        Objects.requireNonNull(channel, "channel");
        if (recipient == null || recipient.isBlank()) {
            throw new IllegalArgumentException("A notification needs a recipient (email address or phone number).");
        }
        Objects.requireNonNull(kind, "kind");
        if (secret && group != null) {
            throw new IllegalArgumentException("A secret is never grouped with other messages.");
        }
    }

    public Notification(Channel channel, String recipient, String kind, String subject, String body, UUID dossierId,
                        boolean secret) {
        this(channel, recipient, kind, subject, body, dossierId, secret, null, null);
    }

    /** A message without a secret. */
    public Notification(Channel channel, String recipient, String kind, String subject, String body, UUID dossierId) {
        this(channel, recipient, kind, subject, body, dossierId, false);
    }

    /** This message (and its copy) grouped with the others of the same key within the grouping window. */
    public Notification grouped(String key, String plural) {
        Group g = new Group(key, plural);
        return new Notification(channel, recipient, kind, subject, body, dossierId, secret, g, copy == null ? null : copy.grouped(key, plural));
    }

    /** This message, and the same by another channel. */
    public Notification alsoTo(Notification other) {
        return new Notification(channel, recipient, kind, subject, body, dossierId, secret, group, other);
    }

    /** Secrets are written "label : value"; the value (6 or more letters or digits) is what goes. */
    private static final Pattern SECRET_VALUE = Pattern.compile("( : )[A-Za-z0-9]{6,}");
    public static final String MASK = "••••••";

    /** The body with every secret value masked: what the outbox keeps after delivery (SEC-6). */
    public static String redact(String body) {
        return body == null ? null : SECRET_VALUE.matcher(body).replaceAll("$1" + MASK);
    }
}
