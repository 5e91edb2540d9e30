package health.carnet.access;

import static health.carnet.access.Decision.deny;
import static health.carnet.access.Decision.permit;

import health.carnet.dossier.DossierState;
import health.carnet.shared.Actor;
import health.carnet.shared.PurposeOfUse;
import java.time.Duration;
import java.time.Instant;

/**
 * The single access decision (STYLE rule 1): a pure function of who asks, what, the dossier's facts
 * and, for one document, its facts. Default deny; the first rule that decides wins and names itself.
 * {@link #decide} answers for the dossier; {@link #mayRead} filters one document once the dossier
 * was permitted, so searches drop what the asker may not see.
 */
public final class AccessPolicy {

    /** How long a break-glass access stays open once its reason was stated (EMG-2). */
    public static final Duration BREAK_GLASS_WINDOW = Duration.ofHours(4);
    /** DOC-7: a document invisible to the patient becomes visible after one month at most. */
    public static final Duration INVISIBLE_PATIENT_MAX = Duration.ofDays(30);

    private final AccessMatrix matrix;

    public AccessPolicy(AccessMatrix matrix) {
        this.matrix = matrix;
    }

    public Decision decide(AccessRequest request, AccessFacts facts, Instant now) {
        Actor actor = request.actor();
        if (actor == null) {
            return deny("AUT-2", "Not authenticated.");
        }
        if (facts == null) {
            return deny("DOS-0", "No such dossier.");
        }
        if (facts.state() == DossierState.DESTROYED) {
            return deny("DOS-6", "The dossier was destroyed.");
        }
        return switch (actor.kind()) {
            case PATIENT -> patient(request, facts);
            case PROFESSIONAL -> professional(request, facts, now);
            case SYSTEM -> deny("ACC-1", "System credentials read nothing.");
        };
    }

    private Decision patient(AccessRequest request, AccessFacts facts) {
        String login = request.actor().id();
        boolean owner = login.equals(facts.ownerLogin());
        boolean representative = facts.legalRepresentatives().contains(login);
        if (!owner && !representative) {
            return deny("ACC-2", "This dossier is not yours, nor one you represent.");
        }
        if (!owner && !facts.patientIsMinor()) {
            return deny("MIN-4", "The patient is of age: their dossier is theirs alone.");
        }
        String rule = owner ? "DOS-OWNER" : "MIN-2";
        if (facts.state() == DossierState.CLOSED) {
            return switch (request.action()) {
                case REOPEN_DOSSIER, DESTROY_DOSSIER, CLOSE_DOSSIER, READ_HISTORY, EXPORT_DOSSIER ->
                        permit(rule, "closed dossier: its holder may reopen, destroy or read its history");
                default -> deny("ACC-8", "The dossier is closed: reopen it first.");
            };
        }
        return switch (request.action()) {
            case DELETE_DOCUMENT, UPDATE_DOCUMENT_METADATA, READ_DOCUMENTS, WRITE_DOCUMENT, READ_CONSENTS,
                 MANAGE_CONSENTS, READ_HISTORY, CLOSE_DOSSIER, DESTROY_DOSSIER, DESIGNATE_MEDECIN_TRAITANT,
                 EXPORT_DOSSIER, LOOKUP_PATIENT -> permit(rule, owner ? "the patient's own dossier" : "legal representative of a minor");
            case REOPEN_DOSSIER -> deny("DOS-5", "The dossier is not closed.");
        };
    }

    private Decision professional(AccessRequest request, AccessFacts facts, Instant now) {
        Actor ps = request.actor();
        if (ps.role() == null || !ps.role().isCare()) {
            return deny("ACC-1", "Only professionals acting in a care role reach a dossier; role " + ps.role() + " is refused.");
        }
        if (facts.state() != DossierState.ACTIVE) {
            return deny("ACC-8", "The dossier is closed: no professional may reach it.");
        }
        if (facts.blocked().contains(ps.id())) {
            return deny("ACC-3", "The patient blocked this professional.");
        }
        Action action = request.action();
        if (action == Action.LOOKUP_PATIENT) {
            return permit("PDQ-1", "a care professional may find a patient to ask for access");
        }
        boolean mt = ps.id().equals(facts.medecinTraitant());
        boolean extended = mt || facts.extendedRights().contains(ps.id());
        boolean authorised = extended || facts.authorisedProfessionals().contains(ps.id())
                || (ps.structure() != null && facts.authorisedStructures().contains(ps.structure()));
        switch (action) {
            case CLOSE_DOSSIER, REOPEN_DOSSIER, DESTROY_DOSSIER, EXPORT_DOSSIER, DESIGNATE_MEDECIN_TRAITANT -> {
                if (action == Action.CLOSE_DOSSIER && authorised) {
                    return permit("DOS-5", "an authorised professional may close the dossier at the patient's request");
                }
                if (action == Action.DESIGNATE_MEDECIN_TRAITANT && mt) {
                    return permit("ACC-6", "the médecin traitant passes the status on with the patient's agreement");
                }
                return deny("DOS-5", "Only the patient may do this.");
            }
            case MANAGE_CONSENTS -> {
                return extended ? permit("ACC-6", "médecin traitant (or same rights) acting at the patient's request")
                        : deny("ACC-6", "Only the patient, or the médecin traitant at their request, manage consents.");
            }
            case READ_HISTORY, READ_CONSENTS -> {
                return extended ? permit("ACC-6", "the médecin traitant sees the access history")
                        : deny("AUD-2", "Only the patient and the médecin traitant read the history.");
            }
            default -> {
            }
        }
        if (ps.purposeOfUse() == PurposeOfUse.BTG && !authorised) {
            if (facts.breakGlassOptOut()) {
                return deny("EMG-2", "The patient refused break-glass access.");
            }
            boolean open = facts.breakGlassUntil() != null && now.isBefore(facts.breakGlassUntil());
            if (!open && (request.reason() == null || request.reason().isBlank())) {
                return deny("EMG-2", "Break-glass needs a stated reason (vital risk).");
            }
            if (action.isWrite() && action != Action.WRITE_DOCUMENT) {
                return deny("EMG-2", "Break-glass gives read access and deposit only.");
            }
            return permit("EMG-2", "break-glass access for a vital risk");
        }
        if (ps.purposeOfUse() == PurposeOfUse.ETREAT && !authorised) {
            if (ps.role() != health.carnet.shared.ActorRole.REGULATOR) {
                return deny("EMG-1", "Only a SAMU regulator acts for centre 15.");
            }
            if (facts.regulatorOptOut()) {
                return deny("EMG-1", "The patient refused access by the SAMU regulator.");
            }
            if (action != Action.READ_DOCUMENTS) {
                return deny("EMG-1", "The regulator reads only.");
            }
            return permit("EMG-1", "SAMU regulator during an emergency call");
        }
        if (!authorised) {
            return deny("ACC-2", "The patient has not authorised this professional.");
        }
        if (action == Action.WRITE_DOCUMENT && facts.opposedAuthors().contains(ps.id())) {
            return deny("DOC-6", "The patient opposed deposits by this professional.");
        }
        String rule = mt ? "ACC-6" : facts.authorisedProfessionals().contains(ps.id()) ? "ACC-2" : extended ? "ACC-6" : "ACC-5";
        return permit(rule, "authorised by the patient");
    }

    /**
     * Whether an actor already permitted on the dossier may see this document (DOC-5, DOC-7, MIN-3, ACC-7).
     * Hidden documents are dropped from searches, never reported as refused.
     */
    public Decision mayRead(AccessRequest request, AccessFacts facts, DocumentFacts doc, Instant now) {
        Actor actor = request.actor();
        if (actor.isPatient()) {
            boolean owner = actor.id().equals(facts.ownerLogin());
            if (doc.labels().contains(DocumentFacts.INVISIBLE_PATIENT)
                    && (doc.depositedAt() == null || now.isBefore(doc.depositedAt().plus(INVISIBLE_PATIENT_MAX)))) {
                return deny("DOC-7", "Not yet released to the patient.");
            }
            if (!owner && doc.labels().contains(DocumentFacts.INVISIBLE_REPRESENTANTS_LEGAUX)) {
                return deny("MIN-3", "Hidden from the legal representatives.");
            }
            return permit(owner ? "DOS-OWNER" : "MIN-2", "the patient's document");
        }
        if (actor.isProfessional()) {
            boolean author = actor.id().equals(doc.authorIdnps());
            if (author) {
                return permit("DOC-5", "the author sees their document");
            }
            boolean extended = actor.id().equals(facts.medecinTraitant()) || facts.extendedRights().contains(actor.id());
            if (doc.labels().contains(DocumentFacts.MASQUE_PS) && !extended) {
                return deny("DOC-5", "Masked by the patient.");
            }
            if (!matrix.mayRead(actor.profession(), doc.classCode())) {
                return deny("ACC-7", "Profession " + actor.profession() + " may not read class " + doc.classCode() + ".");
            }
            return permit("ACC-7", "profession may read this class");
        }
        return deny("ACC-1", "Not a reader.");
    }

    /**
     * Who may change which label of a document once the dossier action was permitted (DOC-5: the
     * patient masks and unmasks; DOC-7: the author releases; MIN-3: the author or the médecin
     * traitant hides from legal representatives; confidentiality: the author).
     */
    public Decision mayChangeLabels(AccessRequest request, AccessFacts facts, DocumentFacts doc, java.util.Set<String> added,
                                    java.util.Set<String> removed, boolean confidentialityChanged) {
        Actor actor = request.actor();
        java.util.Set<String> changed = new java.util.HashSet<>(added);
        changed.addAll(removed);
        boolean author = actor.isProfessional() && actor.id().equals(doc.authorIdnps());
        boolean extended = actor.isProfessional()
                && (actor.id().equals(facts.medecinTraitant()) || facts.extendedRights().contains(actor.id()));
        if (confidentialityChanged && !author) {
            return deny("DOC-9", "Only the document's author changes its confidentiality.");
        }
        for (String label : changed) {
            switch (label) {
                case DocumentFacts.MASQUE_PS -> {
                    if (!actor.isPatient()) {
                        return deny("DOC-5", "Masking is the patient's decision.");
                    }
                }
                case DocumentFacts.INVISIBLE_PATIENT -> {
                    if (!author || added.contains(label)) {
                        return deny("DOC-7", "Only the author releases a document to the patient, and only at deposit is it hidden.");
                    }
                }
                case DocumentFacts.INVISIBLE_REPRESENTANTS_LEGAUX -> {
                    if (!author && !extended) {
                        return deny("MIN-3", "The author or the médecin traitant hides a document from legal representatives.");
                    }
                }
                default -> {
                    return deny("DOC-9", "Unknown visibility label " + label + ".");
                }
            }
        }
        return permit(changed.contains(DocumentFacts.MASQUE_PS) ? "DOC-5"
                : changed.contains(DocumentFacts.INVISIBLE_PATIENT) ? "DOC-7"
                : changed.contains(DocumentFacts.INVISIBLE_REPRESENTANTS_LEGAUX) ? "MIN-3" : "DOC-9", "label change allowed");
    }

    /** DOC-4: a document is deleted by its author or by the patient. */
    public Decision mayDelete(AccessRequest request, DocumentFacts doc) {
        Actor actor = request.actor();
        if (actor.isPatient()) {
            return permit("DOC-4", "the patient deletes a document of their dossier");
        }
        if (actor.isProfessional() && actor.id().equals(doc.authorIdnps())) {
            return permit("DOC-4", "the author deletes their document");
        }
        return deny("DOC-4", "Only the author or the patient deletes a document.");
    }
}
