package health.carnet.dossier.internal;

import health.carnet.dossier.Dossiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Daily: destroys dossiers whose 10-year archive ended (DOS-5) and ends representation at majority (MIN-4). */
@Component
class RetentionJob {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final Dossiers dossiers;

    RetentionJob(Dossiers dossiers) {
        this.dossiers = dossiers;
    }

    @Scheduled(cron = "${carnet.retention.cron:0 30 3 * * *}", zone = "UTC")
    void daily() {
        int destroyed = dossiers.runRetention();
        int majority = dossiers.runMajority();
        log.info("Retention: {} dossier(s) destroyed, {} reached majority", destroyed, majority);
    }
}
