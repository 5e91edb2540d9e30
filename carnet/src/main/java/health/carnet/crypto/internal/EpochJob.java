package health.carnet.crypto.internal;

import health.carnet.crypto.DossierCrypto;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Daily, after the retention job (03:30 UTC): destroys the keys of retention periods whose dossiers
 * are all destroyed (SEC-2, backups included). Outside any database transaction: a key is
 * destroyed only once no committed row needs it.
 */
@Component
class EpochJob {

    private static final Logger log = LoggerFactory.getLogger(EpochJob.class);
    private final DossierCrypto crypto;
    private final Clock clock;

    EpochJob(DossierCrypto crypto, Clock clock) {
        this.crypto = crypto;
        this.clock = clock;
    }

    @Scheduled(cron = "${carnet.crypto.epoch-cron:0 15 4 * * *}", zone = "UTC")
    void run() {
        var destroyed = crypto.destroyEndedEpochs(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        if (!destroyed.isEmpty()) {
            log.info("Retention-period keys destroyed: {}", destroyed);
        }
    }
}
