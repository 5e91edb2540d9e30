package health.carnet.access.internal;

import health.carnet.access.Gate;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Channel;
import health.carnet.notification.Notification;
import health.carnet.notification.Notifications;
import health.carnet.shared.Actor;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * EMG-2, NOT-1: when a break-glass or centre-15 access opens, the patient (email or SMS) and the
 * médecin traitant (secure messaging) are told at once, through the outbox. No medical detail.
 */
@Component
class EmergencyNotifier implements Gate.BreakGlassListener {

    private final Dossiers dossiers;
    private final Notifications notifications;
    private final TransactionTemplate transactions;

    EmergencyNotifier(Dossiers dossiers, Notifications notifications, TransactionTemplate transactions) {
        this.dossiers = dossiers;
        this.notifications = notifications;
        this.transactions = transactions;
    }

    @Override
    public void opened(UUID dossierId, Actor actor, String reason, String rule) {
        String what = "EMG-2".equals(rule) ? "un accès en urgence (bris de glace)" : "un accès par le médecin régulateur du SAMU (centre 15)";
        String kind = "EMG-2".equals(rule) ? "BREAK_GLASS" : "CENTRE_15";
        transactions.executeWithoutResult(tx -> dossiers.find(dossierId).ifPresent(d -> {
            d.notice(kind, "Accès en urgence à votre dossier médical partagé", "Votre dossier médical partagé a fait l'objet d'"
                    + what + " par " + actor.name() + ". Consultez l'historique des accès pour le détail.").ifPresent(notifications::enqueue);
            if (d.medecinTraitant() != null) {
                notifications.enqueue(new Notification(Channel.MSSANTE, d.medecinTraitant(), kind,
                        "Accès en urgence au DMP d'un de vos patients",
                        "Le DMP d'un patient dont vous êtes médecin traitant a fait l'objet d'" + what + ".", dossierId));
            }
        }));
    }
}
