package health.carnet.notification.internal;

import health.carnet.directory.Directory;
import health.carnet.notification.OutboxMessage;
import health.carnet.notification.TransportSettings;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * MSSanté (NOT-3): secure messaging between health professionals is email over TLS to an MSSanté
 * operator, which only relays between MSSanté mailboxes. A message to a professional names their
 * IDNPS; the mailbox comes from the directory at sending time (a professional who gained one since
 * the event still gets it). TLS is mandatory either way (SMTPS, or STARTTLS required) and the
 * operator's certificate is checked against a configured trust store, host name included.
 */
@Component
class MssanteTransport {

    private final TransportSettings.Mssante settings;
    private final Directory directory;
    private final JavaMailSenderImpl sender;

    MssanteTransport(TransportSettings settings, Directory directory) {
        this.settings = settings.mssante();
        this.directory = directory;
        this.sender = this.settings.configured() ? sender(this.settings) : null;
    }

    boolean configured() {
        return sender != null;
    }

    /** Sends and returns once the operator accepted the message; throws otherwise (the dispatcher retries). */
    void send(OutboxMessage m) throws Exception {
        String to = m.recipient().contains("@") ? m.recipient() : directory.mssanteAddress(m.recipient())
                .orElseThrow(() -> new IllegalStateException("The directory gives no MSSanté address for " + m.recipient()));
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
        helper.setFrom(settings.from());
        helper.setTo(to);
        helper.setSubject(m.subject());
        helper.setText(m.body());
        sender.send(message);
    }

    private static JavaMailSenderImpl sender(TransportSettings.Mssante s) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        boolean smtps = "SMTPS".equalsIgnoreCase(s.tls());
        if (!smtps && !"STARTTLS".equalsIgnoreCase(s.tls())) {
            throw new IllegalStateException("carnet.transport.mssante.tls is SMTPS or STARTTLS, not " + s.tls());
        }
        String protocol = smtps ? "smtps" : "smtp";
        sender.setProtocol(protocol);
        sender.setHost(s.host());
        sender.setPort(s.port());
        sender.setDefaultEncoding("UTF-8");
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        if (!s.username().isBlank()) {
            sender.setUsername(s.username());
            sender.setPassword(s.password());
            p.put(prefix + "auth", "true");
        }
        if (smtps) {
            p.put(prefix + "ssl.enable", "true");
        } else {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        p.put(prefix + "ssl.checkserveridentity", String.valueOf(s.checkServerIdentity()));
        p.put(prefix + "ssl.protocols", "TLSv1.3 TLSv1.2");
        p.put(prefix + "ssl.socketFactory", socketFactory(s));
        p.put(prefix + "connectiontimeout", String.valueOf(s.timeoutMillis()));
        p.put(prefix + "timeout", String.valueOf(s.timeoutMillis()));
        p.put(prefix + "writetimeout", String.valueOf(s.timeoutMillis()));
        sender.setJavaMailProperties(p);
        return sender;
    }

    /** The operator's certificate checked against the configured trust store only (not every CA the JDK trusts). */
    private static SSLSocketFactory socketFactory(TransportSettings.Mssante s) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (s.trustStore() == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(s.trustStore())) {
                    ks.load(in, s.trustStorePassword().toCharArray());
                }
                tmf.init(ks);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load the MSSanté trust store " + s.trustStore() + ": " + e.getMessage(), e);
        }
    }
}
