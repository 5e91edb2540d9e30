package health.carnet.feed.internal;

import health.carnet.crypto.DossierCrypto;
import health.carnet.dossier.DossierLifecycleEvent;
import health.carnet.dossier.InsuredRegister;
import java.util.UUID;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * DOS-3: a dossier is filled, in the transaction that creates it, with the care history of the last
 * 24 months kept aside for its NIR (FEED-3); re-sealed from the transit key to the dossier's key.
 * A destroyed dossier loses its history (already unreadable once its key is gone: this frees the rows).
 */
@Component
class DossierFeedListener {

    private static final Logger log = LoggerFactory.getLogger(DossierFeedListener.class);

    private final FeedStore store;
    private final InsuredRegister register;
    private final DossierCrypto crypto;
    private final Clock clock;

    DossierFeedListener(FeedStore store, InsuredRegister register, DossierCrypto crypto, Clock clock) {
        this.store = store;
        this.register = register;
        this.crypto = crypto;
        this.clock = clock;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(DossierLifecycleEvent event) {
        if (event.type() == DossierLifecycleEvent.Type.DESTROYED) {
            store.deleteDossier(event.dossierId());
            return;
        }
        if (event.type() != DossierLifecycleEvent.Type.CREATED) {
            return;
        }
        UUID id = event.dossierId();
        String nir = register.nirOf(id).orElse(null);
        if (nir == null) {
            return;
        }
        LocalDate floor = LocalDate.ofInstant(clock.instant(), Importer.PARIS).minusMonths(FeedFormat.RETENTION_MONTHS);
        List<FeedStore.PendingRow> rows = store.pendingFor(nir).stream().filter(r -> !r.serviceDate().isBefore(floor)).toList();
        List<byte[]> sealed = new ArrayList<>(rows.size());
        for (FeedStore.PendingRow r : rows) {
            byte[] plain = crypto.open(Importer.TRANSIT_KEY, r.content(), Importer.aad(null, r.claimId()));
            sealed.add(crypto.seal(id, plain, Importer.aad(id, r.claimId())));
        }
        store.moveIn(id, nir, rows, sealed, clock.instant());
        if (!rows.isEmpty()) {
            log.info("DOS-3: dossier {} filled with {} claim(s) of the insurer's history", id, rows.size());
        }
    }
}
