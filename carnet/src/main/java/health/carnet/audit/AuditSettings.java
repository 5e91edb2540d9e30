package health.carnet.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keystore         the PKCS#12 keystore of the audit keys (HMAC, heads signing); default
 *                         {@code <home>/audit-keys.p12}; keep it off the database host and its backups
 * @param keystorePassword its password; blank on the embedded default: generated and kept next to it
 * @param headsDirectory   where signed chain heads are appended ({@code audit-heads.log}); default
 *                         {@code <home>/audit-heads}; in production a write-once store or a directory
 *                         another party copies away
 * @param headsInterval    how often a head is published; {@code 0} turns the job off (tests publish by hand)
 */
@ConfigurationProperties("carnet.audit")
public record AuditSettings(Path keystore, String keystorePassword, Path headsDirectory,
                            @DefaultValue("5m") Duration headsInterval) {
}
