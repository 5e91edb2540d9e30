package health.carnet.feed;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The insurer feed's settings ({@code carnet.feed.*}).
 *
 * @param inbox      a directory watched by the server: each file dropped there is imported, then moved
 *                   to {@code done/} or {@code rejected/} beside a report; blank = no inbox
 * @param inboxPoll  how often the inbox is looked at
 * @param batchSize  lines per transaction (and per checkpoint)
 * @param codesDir   a directory with the full code lists (ccam.txt, nabm.txt, ghm.txt, ngap.txt,
 *                   cip13.txt); blank = structure checks and the built-in NGAP list
 * @param insurerClient the OAuth2 client id of the insurer at the embedded issuer
 * @param insurerSecret its secret (client credentials)
 * @param bulkDir    the directory FHIR {@code $import} reads its NDJSON inputs from (the insurer deposits
 *                   them there); blank = {@code feed-bulk} in Carnet's home
 */
@ConfigurationProperties("carnet.feed")
public record FeedSettings(
        @DefaultValue("") String inbox,
        @DefaultValue("10s") Duration inboxPoll,
        @DefaultValue("5000") int batchSize,
        @DefaultValue("") String codesDir,
        @DefaultValue("cnam-feed") String insurerClient,
        @DefaultValue("demo-insurer-secret") String insurerSecret,
        @DefaultValue("") String bulkDir) {

    public Path inboxPath() {
        return inbox == null || inbox.isBlank() ? null : Path.of(inbox);
    }

    /** The $import directory, created when missing. */
    public Path bulkPath(Path home) {
        Path dir = bulkDir == null || bulkDir.isBlank() ? home.resolve("feed-bulk") : Path.of(bulkDir);
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create the bulk import directory " + dir, e);
        }
        return dir.toAbsolutePath().normalize();
    }

    public Path codesPath() {
        return codesDir == null || codesDir.isBlank() ? null : Path.of(codesDir);
    }
}
