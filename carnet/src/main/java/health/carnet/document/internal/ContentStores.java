package health.carnet.document.internal;

import jakarta.annotation.PreDestroy;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The content stores of this run: PostgreSQL always (bodies deposited before a move stay readable),
 * S3 when configured; new deposits go to the one {@code carnet.content.store} names.
 */
@Component
public class ContentStores {

    private final PostgresContentStore postgres;
    private final S3ContentStore s3;
    private final ContentStore deposits;

    ContentStores(JdbcClient jdbc, ContentSettings settings) {
        this.postgres = new PostgresContentStore(jdbc);
        this.s3 = settings.s3().configured() || S3ContentStore.NAME.equals(settings.store()) ? new S3ContentStore(settings.s3()) : null;
        this.deposits = switch (settings.store()) {
            case PostgresContentStore.NAME -> postgres;
            case S3ContentStore.NAME -> s3;
            default -> throw new IllegalStateException("carnet.content.store must be 'postgresql' or 's3', not '" + settings.store() + "'");
        };
    }

    /** Where new deposits go. */
    public ContentStore forDeposits() {
        return deposits;
    }

    public PostgresContentStore postgres() {
        return postgres;
    }

    public Optional<S3ContentStore> s3() {
        return Optional.ofNullable(s3);
    }

    /** The store a document's row names; an S3 body while S3 is not configured here is unavailable (503), not missing. */
    public ContentStore named(String name) {
        if (S3ContentStore.NAME.equals(name)) {
            if (s3 == null) {
                throw new ContentUnavailableException("The document store is unavailable; please retry in a moment.");
            }
            return s3;
        }
        return postgres;
    }

    @PreDestroy
    void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
