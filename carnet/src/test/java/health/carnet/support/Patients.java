package health.carnet.support;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.demo.DemoPatients;
import health.carnet.notification.Channel;
import health.carnet.notification.Notification;
import health.carnet.notification.Notifications;
import health.carnet.notification.OutboxMessage;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Logs demo patients in through the real API. Codes and credentials are read from what was
 * DELIVERED (GreenMail for emails, the {@link SmsProvider} for SMS): the outbox keeps only the
 * redacted text once a real transport carried a secret (SEC-6). The outbox says which message is
 * the latest of its kind and when it went; the delivered copy is the one whose redaction matches.
 */
public final class Patients {
    private static final Duration DELIVERY = Duration.ofSeconds(15);

    private final Http http;
    private final Notifications notifications;

    public Patients(Http http, Notifications notifications) {
        this.http = http;
        this.notifications = notifications;
    }

    /** The latest code in a message of this kind to this address, as delivered. */
    public String lastCode(String to, String kind) {
        String body = lastDelivered(to, kind);
        Matcher matcher = Pattern.compile(": ([A-Z0-9]{6,12})").matcher(body);
        assertThat(matcher.find()).as(body).isTrue();
        return matcher.group(1);
    }

    /** The text of the latest message of this kind to this address, as the transport delivered it. */
    public String lastDelivered(String to, String kind) {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        OutboxMessage m = null;
        while (System.nanoTime() < deadline) {
            m = notifications.latestTo(to, 20).stream().filter(x -> x.kind().equals(kind)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " message to " + to));
            if (m.sentAt() != null) {
                break;
            }
            pause();
        }
        assertThat(m.sentAt()).as("the " + kind + " message to " + to + " was delivered").isNotNull();
        if ("local-outbox".equals(m.deliveredVia())) {
            return m.body();
        }
        String stored = normalised(m.body());
        OutboxMessage sent = m;
        Stream<String> delivered = m.channel() == Channel.SMS
                ? SmsProvider.received().stream().map(Http.JSON::readTree).filter(j -> to.equals(j.get("to").asText()))
                        .map(j -> j.get("text").asText())
                : Arrays.stream(MailServer.start().getReceivedMessages()).filter(x -> to(x, to) && subject(x).equals(sent.subject()))
                        .map(MailServer::body);
        return delivered.map(Patients::normalised).filter(text -> Notification.redact(text).equals(stored))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no delivered " + kind + " message to " + to + " matching " + stored));
    }

    private static String normalised(String text) {
        return text.replace("\r\n", "\n").strip();
    }

    private static boolean to(MimeMessage m, String to) {
        try {
            return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(to));
        } catch (Exception e) {
            return false;
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        } catch (Exception e) {
            return "";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String token(String login) {
        return token(login, DemoPatients.PASSWORD, emailOf(login));
    }

    public String token(String login, String password, String email) {
        HttpResponse<String> start = http.post("/api/login", null, Map.of("login", login, "password", password));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(202);
        String challenge = Http.json(start).get("challengeId").asText();
        HttpResponse<String> done = http.post("/api/login/otp", null, Map.of("challengeId", challenge,
                "code", lastCode(email, "LOGIN_CODE")));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        return Http.json(done).get("accessToken").asText();
    }

    /** The login and initial password sent to this address when a professional created the dossier (DOS-2). */
    public String[] credentialsSentTo(String address) {
        String body = lastDelivered(address, "CREDENTIALS");
        return new String[] {body.replaceAll("(?s).*Identifiant : (\\S+).*", "$1"),
                body.replaceAll("(?s).*Mot de passe initial : (\\S+).*", "$1")};
    }

    public static String emailOf(String login) {
        if (login.contains("chevalier") && login.startsWith("sophie") || login.startsWith("marie.") || login.startsWith("pierre.")) {
            return login + "@parent.example";
        }
        return DemoPatients.byLogin(login).email();
    }
}
