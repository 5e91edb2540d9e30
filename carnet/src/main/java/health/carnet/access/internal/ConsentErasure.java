package health.carnet.access.internal;

import health.carnet.dossier.DossierLifecycleEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * DOS-6: a destroyed dossier keeps no list of whom its patient authorised, blocked or opposed
 * (that says who treats them), in any version, nor its break-glass windows, nor the locators of its
 * consents; the audit trail keeps the facts. In the destruction's transaction.
 */
@Component
class ConsentErasure {

    private final ConsentRepository repository;

    ConsentErasure(ConsentRepository repository) {
        this.repository = repository;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(DossierLifecycleEvent event) {
        if (event.type() == DossierLifecycleEvent.Type.DESTROYED) {
            repository.deleteDossier(event.dossierId());
        }
    }
}
