package health.carnet.access.internal;

import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.shared.Actor;
import health.carnet.platform.GuessLimits;
import health.carnet.platform.GuessLimits.Limit;
import health.carnet.shared.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * SEC-5 for ACC-2: Carte Vitale mismatches at a consultation count per professional (3 in 24 h
 * lock that professional's consultations for 24 h, whatever the dossier) and per dossier (3 in
 * 24 h, from any professionals, lock that dossier's consultations for 1 h). Reaching a limit is
 * audited (DENY, rule SEC-5) and the patient is told, by email or SMS through the outbox; while
 * locked, even the right card is refused, so guessing cannot finish the job.
 */
@Component
public class CarteVitaleGuesses {

    static final String TARGET = "consultation (Carte Vitale)";

    private final GuessLimits limits;
    private final AuditTrail audit;
    private final Dossiers dossiers;
    private final Notifications notifications;
    private final Clock clock;

    CarteVitaleGuesses(GuessLimits limits, AuditTrail audit, Dossiers dossiers, Notifications notifications, Clock clock) {
        this.limits = limits;
        this.audit = audit;
        this.dossiers = dossiers;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** Refuses (429, audited) while the professional or the dossier is locked. */
    public void refuseIfLocked(Actor professional, UUID dossierId) {
        Optional<Instant> mine = limits.lockedUntil(Limit.CARTE_VITALE_PROFESSIONAL, professional.id());
        Optional<Instant> dossier = limits.lockedUntil(Limit.CARTE_VITALE_DOSSIER, dossierId.toString());
        if (mine.isPresent()) {
            denied(professional, dossierId, "consultations locked for this professional until " + mine.get());
            throw professionalLocked(mine.get());
        }
        if (dossier.isPresent()) {
            denied(professional, dossierId, "consultations locked for this dossier until " + dossier.get());
            throw dossierLocked(dossier.get());
        }
    }

    /** Counts a mismatch against both targets; throws (429) when it reached a limit, else returns. */
    public void mismatch(Actor professional, UUID dossierId) {
        boolean[] told = {false};
        GuessLimits.Failure mine = limits.fail(Limit.CARTE_VITALE_PROFESSIONAL, professional.id(), until -> {
            denied(professional, dossierId, "3 Carte Vitale mismatches: this professional's consultations locked until " + until);
            tellPatient(dossierId);
            told[0] = true;
        });
        GuessLimits.Failure dossier = limits.fail(Limit.CARTE_VITALE_DOSSIER, dossierId.toString(), until -> {
            denied(professional, dossierId, "3 Carte Vitale mismatches on this dossier: consultations locked until " + until);
            if (!told[0]) {
                tellPatient(dossierId);
            }
        });
        if (mine.locked()) {
            throw professionalLocked(mine.lockedUntil());
        }
        if (dossier.locked()) {
            throw dossierLocked(dossier.lockedUntil());
        }
    }

    private void denied(Actor a, UUID dossierId, String reason) {
        audit.append(AuditRecord.of(clock.instant(), dossierId, "PROFESSIONAL", a.id(), a.name(), a.profession(), a.structure(),
                a.role() == null ? null : a.role().name(), "MANAGE_CONSENTS", TARGET, "DENY", "SEC-5",
                a.purposeOfUse() == null ? null : a.purposeOfUse().accessMode(), reason));
    }

    private void tellPatient(UUID dossierId) {
        dossiers.find(dossierId).flatMap(d -> d.notice("CARTE_VITALE_MISMATCH", "Tentatives d'accès à votre dossier médical partagé",
                "Un professionnel de santé a présenté plusieurs fois un numéro de carte Vitale qui n'est pas le vôtre pour"
                        + " accéder à votre dossier médical partagé. Ces accès ont été refusés et bloqués. Consultez"
                        + " l'historique des accès pour le détail.")).ifPresent(notifications::enqueue);
    }

    private static Problem professionalLocked(Instant until) {
        return new Problem(Problem.Kind.TOO_MANY, "Too many Carte Vitale numbers that did not match: your consultation"
                + " declarations are locked until " + GuessLimits.englishTime(until) + " (Paris time) [SEC-5].");
    }

    private static Problem dossierLocked(Instant until) {
        return new Problem(Problem.Kind.TOO_MANY, "Too many Carte Vitale numbers that did not match for this patient:"
                + " consultation declarations are locked until " + GuessLimits.englishTime(until) + " (Paris time) [SEC-5].");
    }
}
