package health.carnet.access.internal;

import health.carnet.dossier.DossierLifecycleEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * DOS-6: a destroyed dossier keeps no list of whom its patient authorised, blocked or opposed
 * (that says who treats them), in any version, nor its break-glass windows; the audit trail keeps the facts.
 * In the destruction's transaction.
 */
@Component
class ConsentErasure {

    private final JdbcClient jdbc;

    ConsentErasure(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(DossierLifecycleEvent event) {
        if (event.type() == DossierLifecycleEvent.Type.DESTROYED) {
            jdbc.sql("delete from access_consent_version where dossier_id = ?").param(event.dossierId()).update();
            jdbc.sql("delete from access_consent where dossier_id = ?").param(event.dossierId()).update();
            jdbc.sql("delete from access_break_glass where dossier_id = ?").param(event.dossierId()).update();
        }
    }
}
