package health.carnet.crypto.internal;

import health.carnet.crypto.DossierCrypto;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every minute: re-keys the groups a destruction on request asked for, then destroys the group keys
 * retired more than the grace period ago that no committed row needs (issue #9, DOS-6): from then on
 * a backup taken before the destruction holds the dossier's key wrapped under a key that is gone.
 * Outside any request; each group's re-key is one transaction.
 */
@Component
class GroupRekeyJob {

    private static final Logger log = LoggerFactory.getLogger(GroupRekeyJob.class);
    private final DossierCrypto crypto;
    private final Clock clock;

    GroupRekeyJob(DossierCrypto crypto, Clock clock) {
        this.crypto = crypto;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${carnet.crypto.rekey-interval:60s}", initialDelayString = "${carnet.crypto.rekey-interval:60s}")
    void run() {
        int moved = crypto.rekeyRequestedGroups();
        var destroyed = crypto.destroyRetiredGroupKeys(clock.instant());
        if (moved > 0 || !destroyed.isEmpty()) {
            log.info("Group keys: {} data keys re-wrapped, retired keys destroyed: {}", moved, destroyed);
        }
    }
}
