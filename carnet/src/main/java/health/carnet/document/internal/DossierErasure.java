package health.carnet.document.internal;

import health.carnet.dossier.DossierLifecycleEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * DOS-6, SEC-2: a destroyed dossier keeps no clear-text index (LOINC types, authors, dates) nor any
 * sealed row of the document module; the crypto module deletes its keys in the same transaction.
 */
@Component
class DossierErasure {

    private final DocumentRepository repository;
    private final ObjectSweep sweep;

    DossierErasure(DocumentRepository repository, ObjectSweep sweep) {
        this.repository = repository;
        this.sweep = sweep;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(DossierLifecycleEvent event) {
        if (event.type() == DossierLifecycleEvent.Type.DESTROYED) {
            // issue #15: its objects go with the next sweep, its keys already gone in this transaction
            sweep.destroyed(event.dossierId());
            repository.deleteDossier(event.dossierId());
        }
    }
}
