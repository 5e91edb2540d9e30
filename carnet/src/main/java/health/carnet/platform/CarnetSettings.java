package health.carnet.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Carnet keeps its state and how it reaches its database.
 *
 * @param home        the data directory: embedded database, master keystore, issuer key
 * @param database    the database settings
 * @param demoData    load the demo directory, patients and documents on first start
 * @param publicUrl   the base URL clients use (issuer, links); derived from the port when blank
 */
@ConfigurationProperties("carnet")
public record CarnetSettings(
        @DefaultValue("./carnet-data") Path home,
        @DefaultValue Database database,
        @DefaultValue("true") boolean demoData,
        @DefaultValue("") String publicUrl) {

    /**
     * @param url      JDBC URL of an external PostgreSQL; blank means the embedded one
     * @param username user of the external database
     * @param password password of the external database
     * @param durable  fsync and synchronous commit on the embedded database (off only for tests)
     * @param port     embedded port; 0 picks a free one
     * @param cleanOnStart wipe the embedded data directory at start (tests only)
     * @param poolSize     connections in the pool
     * @param sharedBuffers the embedded PostgreSQL's shared_buffers (its page cache); ~25% of RAM on a dedicated host
     */
    public record Database(
            @DefaultValue("") String url,
            @DefaultValue("") String username,
            @DefaultValue("") String password,
            @DefaultValue("true") boolean durable,
            @DefaultValue("0") int port,
            @DefaultValue("false") boolean cleanOnStart,
            @DefaultValue("24") int poolSize,
            @DefaultValue("256MB") String sharedBuffers) {

        public boolean embedded() {
            return url == null || url.isBlank();
        }
    }

    public Path postgresDirectory() {
        return home.resolve("postgres").toAbsolutePath().normalize();
    }
}
