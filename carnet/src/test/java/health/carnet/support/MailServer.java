package health.carnet.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real SMTP server (GreenMail on a free loopback port) for the whole test run, started before the first
 * context; the port reaches Spring as the system property {@code spring.mail.port}, so several checkouts can
 * run their suites at once.
 */
public final class MailServer implements BeforeAllCallback {

    private static GreenMail greenMail;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    public static synchronized GreenMail start() {
        if (greenMail == null) {
            greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
            greenMail.start();
            System.setProperty("spring.mail.port", String.valueOf(greenMail.getSmtp().getPort()));
        }
        return greenMail;
    }

    /** Waits for a mail to this address whose body matches; returns the first group of the pattern. */
    public static String awaitCode(String to, String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> found = Arrays.stream(start().getReceivedMessages()).filter(m -> sentTo(m, to))
                    .map(MailServer::body).map(pattern::matcher).filter(Matcher::find).map(m -> m.group(1))
                    .reduce((a, b) -> b);
            if (found.isPresent()) {
                return found.get();
            }
            sleep();
        }
        throw new AssertionError("No mail to " + to + " matching " + regex + " within " + timeout);
    }

    public static long countTo(String to, String subjectPart) {
        return Arrays.stream(start().getReceivedMessages()).filter(m -> sentTo(m, to)).filter(m -> {
            try {
                return m.getSubject().contains(subjectPart);
            } catch (Exception e) {
                return false;
            }
        }).count();
    }

    public static void awaitCount(String to, String subjectPart, long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (countTo(to, subjectPart) >= count) {
                return;
            }
            sleep();
        }
        throw new AssertionError("Expected " + count + " mail(s) '" + subjectPart + "' to " + to + ", got " + countTo(to, subjectPart));
    }

    private static boolean sentTo(MimeMessage m, String to) {
        try {
            return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(to));
        } catch (Exception e) {
            return false;
        }
    }

    public static String body(MimeMessage m) {
        try {
            return String.valueOf(m.getContent());
        } catch (Exception e) {
            return "";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
