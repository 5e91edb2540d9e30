package health.carnet.notification;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The channels that reach people without a mailbox of Carnet's own choosing (NOT-3, DOS-1).
 *
 * @param mssante the MSSanté operator's SMTP server, for messages to professionals
 * @param letter  the print provider's spool, for letters
 */
@ConfigurationProperties("carnet.transport")
public record TransportSettings(@DefaultValue Mssante mssante, @DefaultValue Letter letter) {

    /**
     * @param host               the operator's SMTP host; blank = no MSSanté transport (the local outbox in demo)
     * @param port               465 for SMTPS (TLS from the first byte), 587 or 25 for STARTTLS
     * @param tls                {@code SMTPS} or {@code STARTTLS} (then required: no clear-text fallback)
     * @param trustStore         the certificates trusted for the operator (PKCS#12); blank = the JDK's default CAs
     * @param trustStorePassword its password
     * @param checkServerIdentity the server's certificate must name the host connected to (keep on)
     * @param username           the login of Carnet's applicative mailbox at the operator, when it asks one
     * @param password           its password
     * @param from               Carnet's applicative mailbox (BAL applicative), the messages' sender
     * @param timeoutMillis      connection and read timeout
     */
    public record Mssante(@DefaultValue("") String host, @DefaultValue("465") int port, @DefaultValue("SMTPS") String tls,
                          Path trustStore, @DefaultValue("") String trustStorePassword,
                          @DefaultValue("true") boolean checkServerIdentity, @DefaultValue("") String username,
                          @DefaultValue("") String password, @DefaultValue("carnet@carnet.mssante.test") String from,
                          @DefaultValue("10000") int timeoutMillis) {

        public boolean configured() {
            return host != null && !host.isBlank();
        }
    }

    /**
     * @param spoolDirectory where print-ready PDFs are written for the print provider to collect; blank = no letters
     *                       (the local outbox in demo)
     * @param returnAddress  the sender's block printed at the top of each letter
     */
    public record Letter(Path spoolDirectory,
                         @DefaultValue("Carnet – Dossier médical partagé\nService courrier\n75000 Paris") String returnAddress) {

        public boolean configured() {
            return spoolDirectory != null && !spoolDirectory.toString().isBlank();
        }
    }
}
