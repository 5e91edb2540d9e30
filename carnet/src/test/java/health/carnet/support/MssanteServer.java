package health.carnet.support;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The MSSanté operator for tests (NOT-3): a GreenMail SMTPS server on a free loopback port whose
 * certificate (made here with keytool, naming localhost and 127.0.0.1) is the only one in the trust
 * store Carnet is given, so the transport's TLS and host-name checks run for real. Its settings reach
 * Spring as system properties before the first context starts.
 */
public final class MssanteServer implements BeforeAllCallback {

    private static final String PASSWORD = "mssante-test";
    private static GreenMail greenMail;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    public static synchronized GreenMail start() {
        if (greenMail == null) {
            try {
                Path dir = Files.createTempDirectory("mssante-tls");
                Path server = dir.resolve("operator.p12");
                Path trust = dir.resolve("trust.p12");
                Path cert = dir.resolve("operator.cer");
                String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
                run(keytool, "-genkeypair", "-alias", "operator", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=localhost, O=Operateur MSSante de test", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity", "3650", "-storetype", "PKCS12", "-keystore", server.toString(), "-storepass", PASSWORD,
                        "-keypass", PASSWORD);
                run(keytool, "-exportcert", "-alias", "operator", "-keystore", server.toString(), "-storepass", PASSWORD,
                        "-file", cert.toString());
                run(keytool, "-importcert", "-noprompt", "-alias", "operator", "-file", cert.toString(), "-storetype", "PKCS12",
                        "-keystore", trust.toString(), "-storepass", PASSWORD);
                System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY, server.toString());
                System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY, PASSWORD);
                System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEY_PASSWORD_PROPERTY, PASSWORD);
                ServerSetup setup = com.icegreen.greenmail.util.ServerSetupTest.SMTPS.dynamicPort();
                // the first TLS server socket loads the key store and warms the JSSE up: slow on a busy machine
                setup.setServerStartupTimeout(60_000);
                greenMail = new GreenMail(setup);
                greenMail.start();
                System.setProperty("carnet.transport.mssante.host", "localhost");
                System.setProperty("carnet.transport.mssante.port", String.valueOf(greenMail.getSmtps().getPort()));
                System.setProperty("carnet.transport.mssante.tls", "SMTPS");
                System.setProperty("carnet.transport.mssante.trust-store", trust.toString());
                System.setProperty("carnet.transport.mssante.trust-store-password", PASSWORD);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Cannot start the test MSSanté operator", e);
            }
        }
        return greenMail;
    }

    /** Messages the operator received (delivered over TLS) for this mailbox. */
    public static List<MimeMessage> receivedBy(String address) {
        return Arrays.stream(start().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    public static List<MimeMessage> awaitReceivedBy(String address, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> got = receivedBy(address);
            if (got.size() >= count) {
                return got;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("The MSSanté operator received " + receivedBy(address).size() + " message(s) for " + address
                + " within " + timeout + ", expected " + count);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
