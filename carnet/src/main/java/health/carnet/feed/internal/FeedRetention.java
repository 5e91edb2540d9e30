package health.carnet.feed.internal;

import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** FEED-1: care older than 24 months leaves Carnet; purged daily in small batches, and by {@code feed-retention}. */
@Component
class FeedRetention {

    private static final Logger log = LoggerFactory.getLogger(FeedRetention.class);

    private final FeedStore store;
    private final Clock clock;

    FeedRetention(FeedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Scheduled(cron = "${carnet.feed.retention-cron:0 30 3 * * *}", zone = "Europe/Paris")
    void daily() {
        long n = purge();
        if (n > 0) {
            log.info("feed retention: {} entries older than 24 months purged", n);
        }
    }

    long purge() {
        LocalDate cutoff = LocalDate.ofInstant(clock.instant(), Importer.PARIS).minusMonths(FeedFormat.RETENTION_MONTHS);
        long total = 0;
        int n;
        do {
            n = store.purgeBefore(cutoff, 10_000);
            total += n;
        } while (n > 0);
        return total;
    }
}
