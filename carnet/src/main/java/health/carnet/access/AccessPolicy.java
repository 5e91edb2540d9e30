package health.carnet.access;

import static health.carnet.access.Decision.deny;
import static health.carnet.access.Decision.incomplete;
import static health.carnet.access.Decision.permit;

import health.carnet.dossier.DossierState;
import health.carnet.shared.Actor;
import health.carnet.shared.ActorKind;
import health.carnet.shared.ActorRole;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The single access decision (STYLE rule 1): pure functions of who asks, what, the dossier's facts
 * and, for one document, its facts. Default deny; the first rule that decides wins and names itself
 * ({@link Rule}). Every decision of the platform is here:
 * <ul>
 *   <li>{@link #decide} for an action on a dossier (ACC-1..ACC-8, DOC-2, DOC-6, EMG-1, EMG-2, MIN-2, MIN-4, DOS-5, DOS-6, AUD-2);</li>
 *   <li>{@link #visibility} what the permitted actor may see of its documents (DOC-5, DOC-7, MIN-3, ACC-7),
 *       carried by the permit and applied by the document module; {@link #mayRead} for one document;</li>
 *   <li>{@link #creation} who creates a dossier (DOS-2, DOS-4), {@link #consultation} the Carte Vitale
 *       consultation and {@link #oralConsultation} the patient's oral consent (ACC-2), {@link #designation} the médecin traitant's designation and transfer (ACC-6);</li>
 *   <li>{@link #mayChangeLabels}, {@link #mayDelete} and {@link #depositLabels} for a document's labels and life (DOC-4, DOC-5, DOC-7, DOC-9, MIN-3).</li>
 * </ul>
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

    // ---- an action on a dossier ------------------------------------------------------------

    public Decision decide(AccessRequest request, AccessFacts facts, Instant now) {
        Actor actor = request.actor();
        if (actor == null) {
            return deny(Rule.AUT_2, "Not authenticated.");
        }
        if (facts == null) {
            // default deny: nobody was authorised on a dossier that does not exist
            return deny(Rule.ACC_2, "No such dossier.");
        }
        if (facts.state() == DossierState.DESTROYED) {
            return deny(Rule.DOS_6, "The dossier was destroyed.");
        }
        return switch (actor.kind()) {
            case PATIENT -> patient(request, facts);
            case PROFESSIONAL -> professional(request, facts, now);
            case SYSTEM -> deny(Rule.ACC_1, "System credentials read nothing.");
        };
    }

    private Decision patient(AccessRequest request, AccessFacts facts) {
        String login = request.actor().id();
        boolean owner = login.equals(facts.ownerLogin());
        boolean representative = facts.legalRepresentatives().contains(login);
        if (!owner && !representative) {
            return deny(Rule.ACC_2, "This dossier is not yours, nor one you represent.");
        }
        if (!owner && !facts.patientIsMinor()) {
            return deny(Rule.MIN_4, "The patient is of age: their dossier is theirs alone.");
        }
        // the holder authenticated with login, password and one-time code (AUT-1); a representative acts for the minor (MIN-2)
        Rule rule = owner ? Rule.AUT_1 : Rule.MIN_2;
        if (facts.state() == DossierState.CLOSED) {
            return switch (request.action()) {
                case REOPEN_DOSSIER, DESTROY_DOSSIER, CLOSE_DOSSIER, READ_HISTORY, EXPORT_DOSSIER, LOOKUP_PATIENT ->
                        permit(rule, "closed dossier: its holder sees it, may reopen, destroy it or read its history");
                default -> deny(Rule.ACC_8, "The dossier is closed: reopen it first.");
            };
        }
        return switch (request.action()) {
            case DELETE_DOCUMENT, UPDATE_DOCUMENT_METADATA, READ_DOCUMENTS, WRITE_DOCUMENT, WRITE_PATIENT_ENTRY,
                 DELETE_PATIENT_ENTRY, READ_CONSENTS, MANAGE_CONSENTS, MANAGE_BLOCKS, READ_HISTORY, CLOSE_DOSSIER,
                 DESTROY_DOSSIER, DESIGNATE_MEDECIN_TRAITANT, EXPORT_DOSSIER, LOOKUP_PATIENT ->
                    permit(rule, owner ? "the patient's own dossier" : "legal representative of a minor");
            case REOPEN_DOSSIER -> deny(Rule.DOS_5, "The dossier is not closed.");
            case CREATE_DOSSIER -> deny(Rule.DOS_2, "This dossier exists already.");
        };
    }

    private Decision professional(AccessRequest request, AccessFacts facts, Instant now) {
        Actor ps = request.actor();
        Action action = request.action();
        return careRole(ps)
                .or(() -> reachable(facts))
                .or(() -> notBlocked(ps, facts))
                .or(() -> patientEntriesArePatients(action))
                .orElseGet(() -> action == Action.LOOKUP_PATIENT
                        ? permit(Rule.ACC_1, "a care professional may find a patient to ask for access")
                        : authorised(request, facts, now));
    }

    /** ACC-1: only professionals acting in a care role reach a dossier. */
    private static Optional<Decision> careRole(Actor ps) {
        return ps.role() == null || !ps.role().isCare()
                ? Optional.of(deny(Rule.ACC_1, "Only professionals acting in a care role reach a dossier; role " + ps.role()
                        + " is refused."))
                : Optional.empty();
    }

    /** ACC-8: a closed dossier is reachable by no professional. */
    private static Optional<Decision> reachable(AccessFacts facts) {
        return facts.state() != DossierState.ACTIVE
                ? Optional.of(deny(Rule.ACC_8, "The dossier is closed: no professional may reach it.")) : Optional.empty();
    }

    /** ACC-3: a blocked professional is refused everything, emergency included. */
    private static Optional<Decision> notBlocked(Actor ps, AccessFacts facts) {
        return facts.blocked().contains(ps.id())
                ? Optional.of(deny(Rule.ACC_3, "The patient blocked this professional.")) : Optional.empty();
    }

    /** DOC-2: what the patient enters is theirs to write and delete. */
    private static Optional<Decision> patientEntriesArePatients(Action action) {
        return switch (action) {
            case WRITE_PATIENT_ENTRY -> Optional.of(deny(Rule.DOC_2, "Patient-entered information is entered and changed by the patient."));
            case DELETE_PATIENT_ENTRY -> Optional.of(deny(Rule.DOC_2, "Patient-entered information is deleted by the patient."));
            case CREATE_DOSSIER -> Optional.of(deny(Rule.DOS_2, "This dossier exists already."));
            default -> Optional.empty();
        };
    }

    private Decision authorised(AccessRequest request, AccessFacts facts, Instant now) {
        Actor ps = request.actor();
        Action action = request.action();
        boolean mt = ps.id().equals(facts.medecinTraitant());
        boolean extended = mt || facts.extendedRights().contains(ps.id());
        boolean authorised = extended || facts.authorisedProfessionals().contains(ps.id())
                || (ps.structure() != null && facts.authorisedStructures().contains(ps.structure()));
        switch (action) {
            case CLOSE_DOSSIER, REOPEN_DOSSIER, DESTROY_DOSSIER, EXPORT_DOSSIER, DESIGNATE_MEDECIN_TRAITANT -> {
                if (action == Action.CLOSE_DOSSIER && authorised) {
                    return permit(Rule.DOS_5, "an authorised professional may close the dossier at the patient's request");
                }
                if (action == Action.DESIGNATE_MEDECIN_TRAITANT && mt) {
                    return permit(Rule.ACC_6, "the médecin traitant passes the status on with the patient's agreement");
                }
                return deny(Rule.DOS_5, "Only the patient may do this.");
            }
            case MANAGE_CONSENTS -> {
                return deny(Rule.ACC_6, "Consents are the patient's decision; a professional may only record a block, at the"
                        + " patient's request.");
            }
            case MANAGE_BLOCKS -> {
                return extended ? permit(Rule.ACC_6, "médecin traitant (or same rights) blocking at the patient's request")
                        : deny(Rule.ACC_6, "Only the patient, or the médecin traitant at their request, block a professional.");
            }
            case READ_HISTORY, READ_CONSENTS -> {
                return extended ? permit(Rule.ACC_6, "the médecin traitant sees the access history")
                        : deny(Rule.AUD_2, "Only the patient and the médecin traitant read the history.");
            }
            default -> {
            }
        }
        if (ps.purposeOfUse() == PurposeOfUse.BTG && !authorised) {
            return breakGlass(request, facts, now);
        }
        if (ps.purposeOfUse() == PurposeOfUse.ETREAT && !authorised) {
            return regulator(request, facts);
        }
        if (!authorised) {
            return deny(Rule.ACC_2, "The patient has not authorised this professional.");
        }
        if (action == Action.WRITE_DOCUMENT && facts.opposedAuthors().contains(ps.id())) {
            return deny(Rule.DOC_6, "The patient opposed deposits by this professional.");
        }
        Rule rule = mt ? Rule.ACC_6 : facts.authorisedProfessionals().contains(ps.id()) ? Rule.ACC_2 : extended ? Rule.ACC_6 : Rule.ACC_5;
        return permit(rule, "authorised by the patient");
    }

    /** EMG-2: break-glass for a vital risk, with a stated reason, unless the patient refused it. */
    private static Decision breakGlass(AccessRequest request, AccessFacts facts, Instant now) {
        if (facts.breakGlassOptOut()) {
            return deny(Rule.EMG_2, "The patient refused break-glass access.");
        }
        boolean open = facts.breakGlassUntil() != null && now.isBefore(facts.breakGlassUntil());
        if (!open && (request.reason() == null || request.reason().isBlank())) {
            return deny(Rule.EMG_2, "Break-glass needs a stated reason (vital risk).");
        }
        if (request.action().isWrite() && request.action() != Action.WRITE_DOCUMENT) {
            return deny(Rule.EMG_2, "Break-glass gives read access and deposit only.");
        }
        return permit(Rule.EMG_2, "break-glass access for a vital risk");
    }

    /** EMG-1: the SAMU regulator reads during an emergency call, unless the patient opposed it. */
    private static Decision regulator(AccessRequest request, AccessFacts facts) {
        if (request.actor().role() != ActorRole.REGULATOR) {
            return deny(Rule.EMG_1, "Only a SAMU regulator acts for centre 15.");
        }
        if (facts.regulatorOptOut()) {
            return deny(Rule.EMG_1, "The patient refused access by the SAMU regulator.");
        }
        if (request.action() != Action.READ_DOCUMENTS) {
            return deny(Rule.EMG_1, "The regulator reads only.");
        }
        return permit(Rule.EMG_1, "SAMU regulator during an emergency call");
    }

    // ---- what a permitted actor sees -------------------------------------------------------

    /**
     * What the actor may see of the dossier's documents once permitted (DOC-5, DOC-7, MIN-3, ACC-7):
     * carried by the permit, applied by the module that owns the documents.
     */
    public Visibility visibility(Actor actor, AccessFacts facts, Instant now) {
        if (actor == null || facts == null) {
            return Visibility.NOTHING;
        }
        if (actor.kind() == ActorKind.PATIENT) {
            boolean owner = actor.id().equals(facts.ownerLogin());
            return new Visibility(null, false, now.minus(INVISIBLE_PATIENT_MAX), !owner, null);
        }
        if (actor.kind() == ActorKind.PROFESSIONAL) {
            boolean extended = actor.id().equals(facts.medecinTraitant()) || facts.extendedRights().contains(actor.id());
            return new Visibility(actor.id(), !extended, null, false, matrix.classesOf(actor.profession()));
        }
        return Visibility.NOTHING;
    }

    /**
     * Whether an actor already permitted on the dossier may see this document (DOC-5, DOC-7, MIN-3, ACC-7):
     * the permit's {@link #visibility} applied to one document.
     */
    public Decision mayRead(AccessRequest request, AccessFacts facts, DocumentFacts doc, Instant now) {
        Actor actor = request.actor();
        Optional<String> hidden = visibility(actor, facts, now).hiddenBy(doc.authorIdnps(), doc.classCode(), doc.labels(),
                doc.depositedAt());
        if (hidden.isPresent()) {
            return deny(Rule.of(hidden.get()), "Hidden from this reader.");
        }
        if (actor.isPatient()) {
            return permit(actor.id().equals(facts.ownerLogin()) ? Rule.AUT_1 : Rule.MIN_2, "the patient's document");
        }
        return actor.id().equals(doc.authorIdnps()) ? permit(Rule.DOC_5, "the author sees their document")
                : permit(Rule.ACC_7, "profession may read this class");
    }

    // ---- decisions without a dossier's action ----------------------------------------------

    /** DOS-2, DOS-4: who may create a dossier for a patient who is present. */
    public static Decision creation(Actor actor, boolean minor) {
        if (actor == null || !actor.isProfessional()) {
            return deny(Rule.DOS_2, "Only a professional, a pharmacist or an insurer agent creates a dossier for a patient who is present.");
        }
        if (actor.role() == ActorRole.CPAM) {
            return minor ? deny(Rule.DOS_4, "A minor's dossier is created only through a health professional.")
                    : permit(Rule.DOS_2, "insurer agent with the patient's consent");
        }
        if (actor.role() == null || !actor.role().isCare()) {
            return deny(Rule.ACC_1, "Role " + actor.role() + " may not create a dossier.");
        }
        return permit(minor ? Rule.DOS_4 : Rule.DOS_2, "professional with the patient's consent");
    }

    /**
     * ACC-1: a patient search (PDQm) that names no dossier (by name, or an INS nobody holds): only
     * professionals in a care role may look patients up. Decided here so that the refusal is audited
     * like every other decision, even with no patient's history to record it in.
     */
    public static Decision patientSearch(Actor actor) {
        if (actor == null) {
            return deny(Rule.AUT_2, "Not authenticated.");
        }
        if (!actor.isProfessional() || actor.role() == null || !actor.role().isCare()) {
            return deny(Rule.ACC_1, "Role " + (actor.isProfessional() ? actor.role() : actor.kind())
                    + " may not look patients up: only professionals in a care role do.");
        }
        return permit(Rule.ACC_1, "a care professional may find a patient to ask for access");
    }

    /**
     * ACC-2: a consultation where the patient presents their Carte Vitale and the professional
     * declares the patient's consent authorises that professional, unless blocked or the dossier is closed.
     */
    public Decision consultation(AccessRequest request, AccessFacts facts, boolean consentDeclared, boolean carteVitaleMatches,
                                 Instant now) {
        Actor actor = request.actor();
        if (actor == null || !actor.isProfessional() || actor.role() == null || !actor.role().isCare()) {
            return deny(Rule.ACC_1, "Only a professional in a care role declares a consultation.");
        }
        if (!consentDeclared) {
            return incomplete(Rule.ACC_2, "Declare the patient's consent (consentDeclared: true) to be authorised (ACC-2).");
        }
        if (!carteVitaleMatches) {
            return deny(Rule.ACC_2, "The Carte Vitale presented is not this patient's.");
        }
        Decision lookup = decide(new AccessRequest(actor, Action.LOOKUP_PATIENT, request.dossierId()), facts, now);
        return lookup.permitted() ? permit(Rule.ACC_2, "Carte Vitale presented, consent declared") : lookup;
    }

    /**
     * ACC-2 without the Carte Vitale, as the DMP allows when the card is not at hand: the professional
     * attests that the patient is present and consents orally. Only a professional of authorised care
     * (not a regulator, whose access is EMG-1's, nor any non-care role), unless blocked or the dossier
     * is closed. The daily count of such declarations is the gate's (a fact of the trail, not of the dossier).
     */
    public Decision oralConsultation(AccessRequest request, AccessFacts facts, boolean presentAndConsenting, Instant now) {
        Actor actor = request.actor();
        if (actor == null || !actor.isProfessional() || actor.role() != ActorRole.CARE) {
            return deny(Rule.ACC_1, "Only a professional of authorised care declares a patient's oral consent.");
        }
        if (!presentAndConsenting) {
            return incomplete(Rule.ACC_2, "Attest that the patient is present and consents orally"
                    + " (patientPresent: true, consentDeclared: true) to be authorised (ACC-2).");
        }
        Decision lookup = decide(new AccessRequest(actor, Action.LOOKUP_PATIENT, request.dossierId()), facts, now);
        return lookup.permitted() ? permit(Rule.ACC_2, "patient present, oral consent declared (no Carte Vitale)") : lookup;
    }

    /**
     * ACC-6: the patient designates their médecin traitant DMP; the current one passes the status on
     * to another doctor the patient authorised, with the patient's agreement.
     */
    public Decision designation(AccessRequest request, AccessFacts facts, String doctor, boolean patientAgreement, Instant now) {
        Decision d = decide(request, facts, now);
        if (!d.permitted() || !request.actor().isProfessional()) {
            return d;
        }
        if (!patientAgreement) {
            return incomplete(Rule.ACC_6, "Passing on the médecin traitant status needs the patient's agreement (patientAgreement: true).");
        }
        boolean authorised = facts.authorisedProfessionals().contains(doctor) || facts.extendedRights().contains(doctor);
        if (!authorised) {
            return incomplete(Rule.ACC_6, "This doctor is not authorised on this dossier: the patient authorises them first.");
        }
        return d;
    }

    /**
     * Who may change which label of a document once the dossier action was permitted (DOC-5: the
     * patient masks and unmasks; DOC-7: the author releases; MIN-3: the author or the médecin
     * traitant hides from legal representatives; confidentiality: the author).
     */
    public Decision mayChangeLabels(AccessRequest request, AccessFacts facts, DocumentFacts doc, Set<String> added,
                                    Set<String> removed, boolean confidentialityChanged) {
        Actor actor = request.actor();
        Set<String> changed = new HashSet<>(added);
        changed.addAll(removed);
        boolean author = actor.isProfessional() && actor.id().equals(doc.authorIdnps());
        boolean extended = actor.isProfessional()
                && (actor.id().equals(facts.medecinTraitant()) || facts.extendedRights().contains(actor.id()));
        if (confidentialityChanged && !author) {
            return deny(Rule.DOC_9, "Only the document's author changes its confidentiality.");
        }
        for (String label : changed) {
            switch (label) {
                case DocumentFacts.MASQUE_PS -> {
                    if (!actor.isPatient()) {
                        return deny(Rule.DOC_5, "Masking is the patient's decision.");
                    }
                }
                case DocumentFacts.INVISIBLE_PATIENT -> {
                    if (!author || added.contains(label)) {
                        return deny(Rule.DOC_7, "Only the author releases a document to the patient, and only at deposit is it hidden.");
                    }
                }
                case DocumentFacts.INVISIBLE_REPRESENTANTS_LEGAUX -> {
                    if (!author && !extended) {
                        return deny(Rule.MIN_3, "The author or the médecin traitant hides a document from legal representatives.");
                    }
                }
                default -> {
                    return deny(Rule.DOC_9, "Unknown visibility label " + label + ".");
                }
            }
        }
        return permit(changed.contains(DocumentFacts.MASQUE_PS) ? Rule.DOC_5
                : changed.contains(DocumentFacts.INVISIBLE_PATIENT) ? Rule.DOC_7
                : changed.contains(DocumentFacts.INVISIBLE_REPRESENTANTS_LEGAUX) ? Rule.MIN_3 : Rule.DOC_9, "label change allowed");
    }

    /**
     * The labels a deposit may carry (DOC-5, DOC-7, DOC-2): a patient adds documents of class 90
     * without labels (they mask afterwards); a professional may hide from the patient (DOC-7) or the
     * legal representatives (MIN-3) but never mask, which is the patient's choice.
     */
    public static Decision depositLabels(Actor actor, String classCode, Set<String> labels) {
        if (actor.isPatient()) {
            if (!"90".equals(classCode)) {
                return incomplete(Rule.DOC_2, "documents a patient adds have class code 90.");
            }
            if (!labels.isEmpty()) {
                return incomplete(Rule.DOC_5, "visibility labels are set by professionals at deposit; mask afterwards.");
            }
            return permit(Rule.DOC_2, "a document the patient adds");
        }
        if (labels.contains(DocumentFacts.MASQUE_PS)) {
            return incomplete(Rule.DOC_5, "MASQUE_PS is the patient's choice (DOC-5), not the depositor's.");
        }
        return permit(labels.contains(DocumentFacts.INVISIBLE_PATIENT) ? Rule.DOC_7 : Rule.DOC_9, "labels a depositor may set");
    }

    /**
     * DOC-4: a new version replaces a document only when its author deposits it (a patient replaces
     * the documents they added, class 90): another professional adds their own document instead.
     */
    public Decision mayReplace(AccessRequest request, DocumentFacts doc) {
        Actor actor = request.actor();
        if (actor.isPatient()) {
            return doc.authorIdnps() == null && "90".equals(doc.classCode())
                    ? permit(Rule.DOC_4, "the patient replaces a document they added")
                    : deny(Rule.DOC_4, "A patient replaces only the documents they added.");
        }
        if (actor.isProfessional() && actor.id().equals(doc.authorIdnps())) {
            return permit(Rule.DOC_4, "the author replaces their document");
        }
        return deny(Rule.DOC_4, "Only the document's author replaces it with a new version.");
    }

    /** PDSm isArchived: as a deletion (DOC-4), archiving is the author's or the patient's choice. */
    public Decision mayArchive(AccessRequest request, DocumentFacts doc) {
        Decision d = mayDelete(request, doc);
        return d.permitted() ? permit(Rule.DOC_4, "the author or the patient archives a document")
                : deny(Rule.DOC_4, "Only the author or the patient archives a document.");
    }

    /** DOC-4: a document is deleted by its author or by the patient. */
    public Decision mayDelete(AccessRequest request, DocumentFacts doc) {
        Actor actor = request.actor();
        if (actor.isPatient()) {
            return permit(Rule.DOC_4, "the patient deletes a document of their dossier");
        }
        if (actor.isProfessional() && actor.id().equals(doc.authorIdnps())) {
            return permit(Rule.DOC_4, "the author deletes their document");
        }
        return deny(Rule.DOC_4, "Only the author or the patient deletes a document.");
    }
}
