package health.carnet.access;

import health.carnet.access.internal.CarteVitaleGuesses;
import health.carnet.access.internal.ConsentRepository;
import health.carnet.access.internal.ConsentRepository.ConsentRow;
import health.carnet.directory.Directory;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.shared.Actor;
import health.carnet.shared.Idnps;
import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The patient's consents (ACC-2..ACC-6, DOC-6, EMG-1, EMG-2): granted and revoked with the gate's
 * permit to manage consents; a new authorisation is notified to the patient (NOT-1). Revocation
 * takes effect on the next request (ACC-4): facts are read afresh at every decision.
 */
@Service
public class Consents {

    private final ConsentRepository repository;
    private final Directory directory;
    private final Dossiers dossiers;
    private final Notifications notifications;
    private final Gate gate;
    private final Clock clock;
    private final CarteVitaleProof cardProof;
    private final CarteVitaleGuesses cardGuesses;
    private final int oralDailyMax;

    /**
     * @param oralDailyMax how many oral consents (ACC-2 without the Carte Vitale) one professional may
     *                     declare in 24 hours ({@code carnet.access.oral-consent-daily-max}, default 5)
     */
    Consents(ConsentRepository repository, Directory directory, Dossiers dossiers, Notifications notifications, Gate gate,
             Clock clock, CarteVitaleProof cardProof, CarteVitaleGuesses cardGuesses,
             @org.springframework.beans.factory.annotation.Value("${carnet.access.oral-consent-daily-max:5}") int oralDailyMax) {
        if (oralDailyMax < 1) {
            throw new IllegalArgumentException("carnet.access.oral-consent-daily-max must be at least 1.");
        }
        this.oralDailyMax = oralDailyMax;
        this.cardProof = cardProof;
        this.cardGuesses = cardGuesses;
        this.repository = repository;
        this.directory = directory;
        this.dossiers = dossiers;
        this.notifications = notifications;
        this.gate = gate;
        this.clock = clock;
    }

    public List<Consent> list(Permit permit, boolean includeRevoked) {
        permit.require(permit.dossierId(), "READ_CONSENTS");
        return (includeRevoked ? repository.all(permit.dossierId()) : repository.active(permit.dossierId())).stream()
                .map(Consents::consent).toList();
    }

    /** One consent of the permit's dossier. */
    public java.util.Optional<Consent> find(Permit permit, UUID id) {
        permit.require(permit.dossierId(), "READ_CONSENTS");
        return repository.find(permit.dossierId(), id).map(Consents::consent);
    }

    /** Where a consent is and what kind it is: what the gate is asked about before anything of it is read. */
    /** @param createdBy who recorded it: a block the patient set is lifted by the patient alone (ACC-3) */
    public record Located(UUID dossierId, ConsentKind kind, String createdBy) {
    }

    public java.util.Optional<Located> locate(UUID id) {
        return repository.locate(id).map(c -> new Located(c.dossierId(), c.kind(), c.createdBy()));
    }

    @Transactional
    public Consent grant(Permit permit, ConsentKind kind, String subject, String reason, String by) {
        if (kind == null) {
            throw Problem.invalid("Say what the consent is (kind).");
        }
        requireManage(permit, kind);
        String normalised = null;
        if (kind.needsSubject()) {
            normalised = subject(kind, subject);
        }
        if (kind == ConsentKind.OPPOSE_DEPOSIT && (reason == null || reason.isBlank())) {
            throw Problem.invalid("An opposition to a professional's deposits needs a legitimate reason (DOC-6).");
        }
        Instant now = clock.instant();
        ConsentRow row = new ConsentRow(UUID.randomUUID(), permit.dossierId(), kind, normalised, reason, "EXPLICIT", now, by,
                null, null);
        repository.insert(row);
        repository.appendVersion(row.dossierId(), row.id(), now, by);
        if (kind == ConsentKind.AUTHORISE || kind == ConsentKind.AUTHORISE_STRUCTURE || kind == ConsentKind.EXTENDED_RIGHTS) {
            notifyPatient(permit.dossierId(), "AUTHORISATION", "Nouvelle autorisation d'accès",
                    "Une nouvelle autorisation d'accès à votre dossier médical partagé a été enregistrée.");
        }
        return consent(row);
    }

    /** How the patient's presence and consent were established at a consultation (ACC-2), as the consent's method records it. */
    public enum PresenceMode {
        /** The patient presented their Carte Vitale (a typed serial, or a reader's or the apCV app's assertion). */
        CARTE_VITALE,
        /** The card is not at hand: the professional attests the patient is present and consents orally. */
        ORAL
    }

    /**
     * ACC-2: the patient presents their Carte Vitale at a consultation and the professional declares
     * the patient's consent: the professional is authorised. Audited through the gate.
     */
    @Transactional
    public Consent declarePresence(Actor professional, UUID dossierId, String carteVitaleSerial, boolean consentDeclared) {
        return declarePresence(professional, dossierId, carteVitaleSerial, null, consentDeclared);
    }

    /**
     * ACC-2 with the card: {@code assertion} is the signed proof of a card reader or of the Carte
     * Vitale app, checked by the {@link CarteVitaleProof} port; a mismatch of either counts against
     * the professional and the dossier (SEC-5).
     */
    @Transactional
    public Consent declarePresence(Actor professional, UUID dossierId, String carteVitaleSerial, String assertion,
                                   boolean consentDeclared) {
        boolean matches = cardProof.proves(dossierId, new CarteVitaleProof.Presented(carteVitaleSerial, assertion));
        if (professional.isProfessional() && professional.role() != null && professional.role().isCare() && consentDeclared) {
            // SEC-5: mismatches are limited per professional and per dossier; while locked even the right card is refused
            cardGuesses.refuseIfLocked(professional, dossierId);
            if (!matches) {
                cardGuesses.mismatch(professional, dossierId);
            }
        }
        Permit permit = gate.authorizeConsultation(professional, dossierId, consentDeclared, matches);
        Instant now = clock.instant();
        ConsentRow row = new ConsentRow(UUID.randomUUID(), permit.dossierId(), ConsentKind.AUTHORISE, professional.id(),
                "consultation", PresenceMode.CARTE_VITALE.name(), now, professional.id(), null, null);
        repository.insert(row);
        repository.appendVersion(row.dossierId(), row.id(), now, professional.id());
        notifyPatient(dossierId, "AUTHORISATION", "Nouvelle autorisation d'accès",
                "Un professionnel de santé a été autorisé à accéder à votre dossier médical partagé lors d'une consultation.");
        return consent(row);
    }

    /**
     * ACC-2 with the patient's oral consent, as the DMP allows when the Carte Vitale is not at hand:
     * the professional attests that the patient is present and consents. Only a professional of
     * authorised care; at most {@code carnet.access.oral-consent-daily-max} a day per professional;
     * audited with its mode; the patient is told at once, whatever their notice settings (a security
     * notice, NOT-3), so that an abuse is seen and the authorisation withdrawn (ACC-4).
     */
    @Transactional
    public Consent declareOralConsent(Actor professional, UUID dossierId, boolean patientPresent, boolean consentDeclared) {
        Instant now = clock.instant();
        int today = professional.isProfessional() ? repository.oralConsentsSince(professional.id(), now.minus(java.time.Duration.ofHours(24))) : 0;
        Permit permit = gate.authorizeOralConsultation(professional, dossierId, patientPresent && consentDeclared, today, oralDailyMax);
        ConsentRow row = new ConsentRow(UUID.randomUUID(), permit.dossierId(), ConsentKind.AUTHORISE, professional.id(),
                "consultation", PresenceMode.ORAL.name(), now, professional.id(), null, null);
        repository.insert(row);
        repository.appendVersion(row.dossierId(), row.id(), now, professional.id());
        notifyPatient(dossierId, "ORAL_CONSENT", "Consentement oral déclaré pour votre dossier médical partagé",
                professional.name() + " a déclaré, le " + health.carnet.platform.GuessLimits.frenchTime(now)
                        + " (heure de Paris), que vous étiez présent(e) à une consultation sans votre carte Vitale et que vous"
                        + " avez accepté oralement qu'il ou elle accède à votre dossier médical partagé. Si ce n'est pas le cas,"
                        + " retirez cette autorisation dans vos paramètres de confidentialité et bloquez ce professionnel.");
        return consent(row);
    }

    /** How many oral consents one professional may declare in 24 hours on this installation. */
    public int oralDailyMax() {
        return oralDailyMax;
    }

    @Transactional
    public Consent revoke(Permit permit, UUID consentId, String by) {
        ConsentRow row = repository.find(permit.dossierId(), consentId)
                .orElseThrow(() -> Problem.notFound("No consent " + consentId + " on this dossier."));
        requireManage(permit, row.kind());
        if (row.revokedAt() != null) {
            throw new Problem(Problem.Kind.GONE, "This consent was already revoked on " + row.revokedAt() + ".");
        }
        Instant now = clock.instant();
        repository.revoke(permit.dossierId(), consentId, now, by);
        repository.appendVersion(permit.dossierId(), consentId, now, by);
        return repository.find(permit.dossierId(), consentId).map(Consents::consent).orElseThrow();
    }

    /**
     * IHE PCF update: the consent becomes what is given (a permit turned into a deny, another
     * professional, status inactive), as a new version; the previous ones stay readable (ACC-4:
     * effective on the next request). An inactive consent is revoked, with who and when.
     */
    @Transactional
    public Consent update(Permit permit, UUID consentId, ConsentKind kind, String subject, String reason, boolean active, String by) {
        ConsentRow row = repository.find(permit.dossierId(), consentId)
                .orElseThrow(() -> Problem.notFound("No consent " + consentId + " on this dossier."));
        requireManage(permit, row.kind());
        if (kind == null) {
            throw Problem.invalid("Say what the consent is (kind).");
        }
        requireManage(permit, kind);
        String normalised = kind.needsSubject() ? subject(kind, subject) : null;
        if (kind == ConsentKind.OPPOSE_DEPOSIT && (reason == null || reason.isBlank())) {
            throw Problem.invalid("An opposition to a professional's deposits needs a legitimate reason (DOC-6).");
        }
        Instant now = clock.instant();
        boolean wasActive = row.revokedAt() == null;
        repository.update(permit.dossierId(), consentId, kind, normalised, reason, active ? null : wasActive ? now : row.revokedAt(),
                active ? null : wasActive ? by : row.revokedBy());
        repository.appendVersion(permit.dossierId(), consentId, now, by);
        return repository.find(permit.dossierId(), consentId).map(Consents::consent).orElseThrow();
    }

    /** A consent's versions, oldest first, each with its number and when it was recorded (PCF read and vread). */
    public List<Version> versions(Permit permit, UUID consentId) {
        permit.require(permit.dossierId(), "READ_CONSENTS");
        return repository.versions(permit.dossierId(), consentId).stream()
                .map(v -> new Version(consent(v.consent()), v.version(), v.recordedAt(), v.recordedBy())).toList();
    }

    public record Version(Consent consent, int version, Instant recordedAt, String recordedBy) {
    }

    /** A permit to manage consents covers every kind; one to manage blocks (ACC-6), blocks only. */
    private static void requireManage(Permit permit, ConsentKind kind) {
        permit.require(permit.dossierId(), kind == ConsentKind.BLOCK && "MANAGE_BLOCKS".equals(permit.action())
                ? "MANAGE_BLOCKS" : "MANAGE_CONSENTS");
    }

    private String subject(ConsentKind kind, String subject) {
        if (subject == null || subject.isBlank()) {
            throw Problem.invalid("A consent of kind " + kind + " names a professional (IDNPS) or a structure.");
        }
        if (kind == ConsentKind.AUTHORISE_STRUCTURE) {
            return directory.structure(subject.trim())
                    .map(s -> s.finess() != null ? s.finess() : s.id())
                    .orElseThrow(() -> Problem.invalid("No structure " + subject + " in the directory."));
        }
        try {
            Idnps idnps = Idnps.of(subject);
            directory.professional(idnps).orElseThrow(() -> Problem.invalid("No professional " + idnps + " in the directory."));
            return idnps.value();
        } catch (InvalidIdentifierException e) {
            throw Problem.invalid(e.getMessage());
        }
    }

    private void notifyPatient(UUID dossierId, String kind, String subject, String body) {
        dossiers.find(dossierId).flatMap(d -> d.notice(kind, subject, body)).ifPresent(notifications::enqueue);
    }

    private static Consent consent(ConsentRow r) {
        return new Consent(r.id(), r.dossierId(), r.kind(), r.subject(), r.reason(), r.method(), r.createdAt(), r.createdBy(),
                r.revokedAt(), r.revokedBy());
    }
}
