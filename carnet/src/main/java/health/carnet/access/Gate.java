package health.carnet.access;

import health.carnet.access.internal.ConsentRepository;
import health.carnet.access.internal.ConsentRepository.ConsentRow;
import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.PatientAccounts;
import health.carnet.shared.Actor;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import health.carnet.shared.Visibility;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The one gate every read and write of a dossier goes through (STYLE rule 1): gathers the facts,
 * asks {@link AccessPolicy}, audits the decision synchronously (permit or deny, with the rule that
 * decided), then hands out a {@link Permit} or throws a FORBIDDEN {@link Problem}. The audit entry
 * is committed before this returns, so a refusal stays recorded.
 */
@Service
public class Gate {

    private static final Permit.Issuer ISSUER = Permit.claimIssuer();

    private final AccessPolicy policy;
    private final Dossiers dossiers;
    private final PatientAccounts accounts;
    private final ConsentRepository consents;
    private final AuditTrail audit;
    private final Clock clock;
    private final List<BreakGlassListener> breakGlassListeners;
    Gate(AccessPolicy policy, Dossiers dossiers, PatientAccounts accounts, ConsentRepository consents, AuditTrail audit,
         Clock clock, List<BreakGlassListener> breakGlassListeners) {
        this.policy = policy;
        this.dossiers = dossiers;
        this.accounts = accounts;
        this.consents = consents;
        this.audit = audit;
        this.clock = clock;
        this.breakGlassListeners = breakGlassListeners;
    }

    /** Told of each newly opened break-glass or regulator access, to notify the patient (EMG-2). */
    public interface BreakGlassListener {
        void opened(UUID dossierId, Actor actor, String reason, String rule);
    }

    /** Decides, audits, and returns the permit; throws FORBIDDEN (after auditing) when denied. */
    public Permit authorize(AccessRequest request) {
        return authorize(request, null);
    }

    /** Decides and audits like {@link #authorize}, but answers empty instead of throwing: for searches. */
    public Optional<Permit> tryAuthorize(AccessRequest request, String target) {
        try {
            return Optional.of(authorize(request, target));
        } catch (Problem refused) {
            return Optional.empty();
        }
    }

    /** As {@link #authorize(AccessRequest)}, naming the target (a document id, a search) in the audit. */
    public Permit authorize(AccessRequest request, String target) {
        Instant now = clock.instant();
        Optional<Dossier> dossier = dossiers.find(request.dossierId());
        AccessFacts facts = dossier.map(d -> facts(d, request.actor(), now)).orElse(null);
        Decision decision = policy.decide(request, facts, now);
        long auditId = record(request, target, decision, now);
        if (!decision.permitted() && facts == null) {
            throw Problem.notFound("No dossier " + request.dossierId() + ".");
        }
        return permitOrThrow(request, facts, decision, auditId, now);
    }

    /** Document-level decisions after the dossier's permit (labels, deletion): audited; throws when denied. */
    public void authorizeLabels(Permit permit, Actor actor, DocumentFacts doc, Set<String> added, Set<String> removed,
                                boolean confidentialityChanged, String target) {
        Instant now = clock.instant();
        AccessRequest request = new AccessRequest(actor, Action.UPDATE_DOCUMENT_METADATA, permit.dossierId());
        Decision d = policy.mayChangeLabels(request, facts(dossiers.find(permit.dossierId()).orElseThrow(), actor, now), doc,
                added, removed, confidentialityChanged);
        record(request, target + " +" + added + " -" + removed, d, now);
        throwUnlessPermitted(d);
    }

    public void authorizeDelete(Permit permit, Actor actor, DocumentFacts doc, String target) {
        AccessRequest request = new AccessRequest(actor, Action.DELETE_DOCUMENT, permit.dossierId());
        Decision d = policy.mayDelete(request, doc);
        record(request, target, d, clock.instant());
        throwUnlessPermitted(d);
    }

    /** PDSm isArchived (DOC-4's authors): audited as a metadata update; throws when denied. */
    public void authorizeArchive(Permit permit, Actor actor, DocumentFacts doc, String target) {
        AccessRequest request = new AccessRequest(actor, Action.UPDATE_DOCUMENT_METADATA, permit.dossierId());
        Decision d = policy.mayArchive(request, doc);
        record(request, "archive " + target, d, clock.instant());
        throwUnlessPermitted(d);
    }

    /** DOC-4: replacing a document by a new version (ITI-65 relatesTo replaces), audited; throws when denied. */
    public void authorizeReplace(Permit permit, Actor actor, DocumentFacts doc, String target) {
        AccessRequest request = new AccessRequest(actor, Action.WRITE_DOCUMENT, permit.dossierId());
        Decision d = policy.mayReplace(request, doc);
        record(request, "replace " + target, d, clock.instant());
        throwUnlessPermitted(d);
    }

    /**
     * ACC-2: a consultation with the Carte Vitale, consent declared: permitted unless blocked or the
     * dossier is closed. The one audit entry is the decision, refusals included (a wrong card, a non-care role).
     */
    Permit authorizeConsultation(Actor actor, UUID dossierId, boolean consentDeclared, boolean carteVitaleMatches) {
        Instant now = clock.instant();
        Dossier dossier = dossiers.find(dossierId).orElseThrow(() -> Problem.notFound("No dossier " + dossierId));
        AccessFacts f = facts(dossier, actor, now);
        AccessRequest request = new AccessRequest(actor, Action.MANAGE_CONSENTS, dossierId);
        Decision decision = policy.consultation(request, f, consentDeclared, carteVitaleMatches, now);
        long auditId = record(request, "consultation (Carte Vitale)", decision, now);
        return permitOrThrow(request, f, decision, auditId, now);
    }

    /** What the audit trail records as the mode of an oral-consent consultation (ACC-2 without the card). */
    static final String ORAL_TARGET = "consultation (oral consent)";

    /**
     * ACC-2 with the patient's oral consent (no Carte Vitale): the professional attests that the
     * patient is present and consents. Decided by the policy, then limited to {@code dailyMax}
     * declarations by this professional in 24 hours ({@code declaredToday} of them already): the
     * next one is refused (429) and audited DENY ACC-2, as every refusal is.
     */
    Permit authorizeOralConsultation(Actor actor, UUID dossierId, boolean presentAndConsenting, int declaredToday, int dailyMax) {
        Instant now = clock.instant();
        Dossier dossier = dossiers.find(dossierId).orElseThrow(() -> Problem.notFound("No dossier " + dossierId));
        AccessFacts f = facts(dossier, actor, now);
        AccessRequest request = new AccessRequest(actor, Action.MANAGE_CONSENTS, dossierId,
                "mode ORAL: patient present, oral consent declared by the professional");
        Decision decision = policy.oralConsultation(request, f, presentAndConsenting, now);
        if (decision.permitted() && declaredToday >= dailyMax) {
            record(request, ORAL_TARGET, Decision.deny(Rule.ACC_2, "daily limit of oral consents reached (" + dailyMax
                    + " in 24 h)"), now);
            throw new Problem(Problem.Kind.TOO_MANY, "You already declared " + dailyMax + " oral consents in the last 24 hours:"
                    + " beyond that, access needs the patient's Carte Vitale, or their authorisation from their health space. [ACC-2]");
        }
        long auditId = record(request, ORAL_TARGET, decision, now);
        return permitOrThrow(request, f, decision, auditId, now);
    }

    /**
     * ACC-6: the patient designates the médecin traitant DMP, or the current one passes the status on
     * (to a doctor the patient authorised, with the patient's agreement). Decided and audited once.
     */
    public Permit authorizeDesignation(Actor actor, UUID dossierId, String doctor, boolean patientAgreement) {
        Instant now = clock.instant();
        AccessRequest request = new AccessRequest(actor, Action.DESIGNATE_MEDECIN_TRAITANT, dossierId);
        AccessFacts facts = dossiers.find(dossierId).map(d -> facts(d, actor, now)).orElse(null);
        Decision decision = facts == null ? policy.decide(request, null, now)
                : policy.designation(request, facts, doctor, patientAgreement, now);
        long auditId = record(request, doctor + (actor != null && actor.isProfessional() ? " (transfer)" : ""), decision, now);
        if (facts == null) {
            throw Problem.notFound("No dossier " + dossierId + ".");
        }
        return permitOrThrow(request, facts, decision, auditId, now);
    }

    /**
     * DOS-2, DOS-4: who may create a dossier for a patient who is present. Audited like any decision;
     * the permit names the id the new dossier will have.
     */
    public Permit authorizeCreation(Actor actor, boolean minor, String target) {
        Decision decision = AccessPolicy.creation(actor, minor);
        AccessRequest request = new AccessRequest(actor, Action.CREATE_DOSSIER, null);
        long auditId = record(request, "create dossier " + target, decision, clock.instant());
        throwUnlessPermitted(decision);
        return ISSUER.permit(actor.id(), UUID.randomUUID(), Action.CREATE_DOSSIER.name(), decision.rule().id(), auditId,
                Visibility.NOTHING);
    }

    /**
     * ACC-1: a patient search that names no dossier. Audited like any decision (with no dossier:
     * the operator's trail keeps it); throws when the actor may not look patients up.
     */
    public void authorizePatientSearch(Actor actor, String target) {
        Decision decision = AccessPolicy.patientSearch(actor);
        record(new AccessRequest(actor, Action.LOOKUP_PATIENT, null), target, decision, clock.instant());
        throwUnlessPermitted(decision);
    }

    private Permit permitOrThrow(AccessRequest request, AccessFacts facts, Decision decision, long auditId, Instant now) {
        throwUnlessPermitted(decision);
        if (decision.rule() == Rule.EMG_2 || decision.rule() == Rule.EMG_1) {
            boolean newWindow = facts.breakGlassUntil() == null || !now.isBefore(facts.breakGlassUntil());
            if (newWindow) {
                consents.openBreakGlass(request.dossierId(), request.actor().id(),
                        request.reason() == null ? "centre 15" : request.reason(), now, now.plus(AccessPolicy.BREAK_GLASS_WINDOW));
                breakGlassListeners.forEach(l -> l.opened(request.dossierId(), request.actor(), request.reason(), decision.rule().id()));
            }
        }
        return ISSUER.permit(request.actor().id(), request.dossierId(), request.action().name(), decision.rule().id(), auditId,
                policy.visibility(request.actor(), facts, now));
    }

    private static void throwUnlessPermitted(Decision d) {
        if (!d.permitted()) {
            String detail = d.reason() + " [" + d.rule().id() + "]";
            throw d.incomplete() ? Problem.invalid(detail) : Problem.forbidden(detail);
        }
    }

    AccessFacts facts(Dossier d, Actor actor, Instant now) {
        Set<String> authorised = new HashSet<>();
        Set<String> structures = new HashSet<>();
        Set<String> blocked = new HashSet<>();
        Set<String> opposed = new HashSet<>();
        Set<String> extended = new HashSet<>();
        boolean regulatorOptOut = false;
        boolean breakGlassOptOut = false;
        for (ConsentRow c : consents.active(d.id())) {
            switch (c.kind()) {
                case AUTHORISE -> authorised.add(c.subject());
                case AUTHORISE_STRUCTURE -> structures.add(c.subject());
                case BLOCK -> blocked.add(c.subject());
                case OPPOSE_DEPOSIT -> opposed.add(c.subject());
                case EXTENDED_RIGHTS -> extended.add(c.subject());
                case REGULATOR_OPT_OUT -> regulatorOptOut = true;
                case BREAK_GLASS_OPT_OUT -> breakGlassOptOut = true;
            }
        }
        Instant breakGlassUntil = actor != null && actor.isProfessional()
                && (actor.purposeOfUse() == PurposeOfUse.BTG || actor.purposeOfUse() == PurposeOfUse.ETREAT)
                ? consents.breakGlassUntil(d.id(), actor.id(), now).orElse(null) : null;
        // who holds and represents the dossier matters only to patients' requests: skip the queries for professionals
        boolean patient = actor != null && actor.isPatient();
        return new AccessFacts(d.state(), d.isMinorOn(dossiers.today()), patient ? accounts.ownerLogin(d.id()).orElse(null) : null,
                patient ? Set.copyOf(accounts.legalRepresentatives(d.id())) : Set.of(), d.medecinTraitant(), extended, authorised,
                structures, blocked, opposed, regulatorOptOut, breakGlassOptOut, breakGlassUntil);
    }

    private long record(AccessRequest request, String target, Decision decision, Instant now) {
        String action = request.action().name();
        Actor a = request.actor();
        return audit.append(AuditRecord.of(now, request.dossierId(), a == null ? "ANONYMOUS" : a.kind().name(),
                a == null ? null : a.id(), a == null ? null : a.name(), a == null ? null : a.profession(),
                a == null ? null : a.structure(), a == null || a.role() == null ? null : a.role().name(), action, target,
                decision.permitted() ? "PERMIT" : "DENY", decision.rule().id(),
                a == null || !a.isProfessional() ? null : a.purposeOfUse().accessMode(),
                decision.permitted() ? request.reason() : decision.reason()));
    }
}
