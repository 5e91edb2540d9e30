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
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
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
    /** The facts a permit was decided on, for the document filtering of the same request. */
    private final java.util.Map<Long, AccessFacts> factsByPermit = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Long, AccessFacts> eldest) {
                    return size() > 4096;
                }
            });

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
        if (!decision.permitted()) {
            if (facts == null) {
                throw Problem.notFound("No dossier " + request.dossierId() + ".");
            }
            throw Problem.forbidden(decision.reason() + " [" + decision.rule() + "]");
        }
        if (decision.rule().equals("EMG-2") || decision.rule().equals("EMG-1")) {
            boolean newWindow = facts.breakGlassUntil() == null || !now.isBefore(facts.breakGlassUntil());
            if (newWindow) {
                consents.openBreakGlass(request.dossierId(), request.actor().id(),
                        request.reason() == null ? "centre 15" : request.reason(), now, now.plus(AccessPolicy.BREAK_GLASS_WINDOW));
                breakGlassListeners.forEach(l -> l.opened(request.dossierId(), request.actor(), request.reason(), decision.rule()));
            }
        }
        factsByPermit.put(auditId, facts);
        return ISSUER.permit(request.actor().id(), request.dossierId(), request.action().name(), decision.rule(), auditId);
    }

    /**
     * Keeps the documents the actor may see (DOC-5, DOC-7, MIN-3, ACC-7), dropping the others
     * silently: a search neither shows nor counts what is hidden.
     */
    public <T> List<T> visible(Permit permit, Actor actor, List<T> documents, Function<T, DocumentFacts> facts) {
        Instant now = clock.instant();
        AccessFacts f = factsByPermit.get(permit.auditId());
        if (f == null) {
            f = facts(dossiers.find(permit.dossierId()).orElseThrow(), actor, now);
        }
        AccessFacts decidedOn = f;
        AccessRequest request = new AccessRequest(actor, Action.READ_DOCUMENTS, permit.dossierId());
        return documents.stream().filter(doc -> policy.mayRead(request, decidedOn, facts.apply(doc), now).permitted()).toList();
    }

    /** Whether one document is visible: for a read by id, where hidden means "not found". */
    public boolean visible(Permit permit, Actor actor, DocumentFacts document) {
        return !visible(permit, actor, List.of(document), x -> x).isEmpty();
    }

    /** Document-level decisions after the dossier's permit (labels, deletion): audited; throws when denied. */
    public void authorizeLabels(Permit permit, Actor actor, DocumentFacts doc, Set<String> added, Set<String> removed,
                                boolean confidentialityChanged, String target) {
        Instant now = clock.instant();
        AccessRequest request = new AccessRequest(actor, Action.UPDATE_DOCUMENT_METADATA, permit.dossierId());
        Decision d = policy.mayChangeLabels(request, facts(dossiers.find(permit.dossierId()).orElseThrow(), actor, now), doc,
                added, removed, confidentialityChanged);
        record(request, target + " +" + added + " -" + removed, d, now);
        if (!d.permitted()) {
            throw Problem.forbidden(d.reason() + " [" + d.rule() + "]");
        }
    }

    public void authorizeDelete(Permit permit, Actor actor, DocumentFacts doc, String target) {
        AccessRequest request = new AccessRequest(actor, Action.DELETE_DOCUMENT, permit.dossierId());
        Decision d = policy.mayDelete(request, doc);
        record(request, target, d, clock.instant());
        if (!d.permitted()) {
            throw Problem.forbidden(d.reason() + " [" + d.rule() + "]");
        }
    }

    /** Records and throws a refusal decided outside the policy's dossier rules (a wrong card, a non-care role). */
    public void refuse(Actor actor, UUID dossierId, String rule, String reason) {
        Decision d = Decision.deny(rule, reason);
        record(new AccessRequest(actor, Action.MANAGE_CONSENTS, dossierId), "consultation", d, clock.instant());
        throw Problem.forbidden(reason + " [" + rule + "]");
    }

    /** ACC-2: a consultation with the Carte Vitale, consent declared: permitted unless blocked or the dossier is closed. */
    Permit authorizeConsultation(Actor actor, UUID dossierId) {
        Instant now = clock.instant();
        Dossier dossier = dossiers.find(dossierId).orElseThrow(() -> Problem.notFound("No dossier " + dossierId));
        AccessFacts f = facts(dossier, actor, now);
        AccessRequest request = new AccessRequest(actor, Action.MANAGE_CONSENTS, dossierId);
        Decision d = policy.decide(new AccessRequest(actor, Action.LOOKUP_PATIENT, dossierId), f, now);
        Decision decision = d.permitted() ? Decision.permit("ACC-2", "Carte Vitale presented, consent declared") : d;
        long auditId = record(request, "consultation (Carte Vitale)", decision, now);
        if (!decision.permitted()) {
            throw Problem.forbidden(decision.reason() + " [" + decision.rule() + "]");
        }
        return ISSUER.permit(actor.id(), dossierId, Action.MANAGE_CONSENTS.name(), decision.rule(), auditId);
    }

    /** Whether the patient authorised this professional (explicitly, by consultation, or with extended rights). */
    public boolean isAuthorised(UUID dossierId, String idnps) {
        return consents.active(dossierId).stream().anyMatch(c -> idnps.equals(c.subject())
                && (c.kind() == ConsentKind.AUTHORISE || c.kind() == ConsentKind.EXTENDED_RIGHTS));
    }

    /** DOS-2, DOS-4: who may create a dossier for a patient who is present. Audited like any decision. */
    public void authorizeCreation(Actor actor, boolean minor, String target) {
        Decision decision = creation(actor, minor);
        record(new AccessRequest(actor, Action.WRITE_DOCUMENT, null), "create dossier " + target, decision, clock.instant(),
                "CREATE_DOSSIER");
        if (!decision.permitted()) {
            throw Problem.forbidden(decision.reason() + " [" + decision.rule() + "]");
        }
    }

    static Decision creation(Actor actor, boolean minor) {
        if (actor == null || !actor.isProfessional()) {
            return Decision.deny("DOS-2", "Only a professional, a pharmacist or an insurer agent creates a dossier for a patient who is present.");
        }
        if (actor.role() == ActorRole.CPAM) {
            return minor ? Decision.deny("DOS-4", "A minor's dossier is created only through a health professional.")
                    : Decision.permit("DOS-2", "insurer agent with the patient's consent");
        }
        if (actor.role() == null || !actor.role().isCare()) {
            return Decision.deny("ACC-1", "Role " + actor.role() + " may not create a dossier.");
        }
        return Decision.permit(minor ? "DOS-4" : "DOS-2", "professional with the patient's consent");
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
        return record(request, target, decision, now, request.action().name());
    }

    private long record(AccessRequest request, String target, Decision decision, Instant now, String action) {
        Actor a = request.actor();
        return audit.append(AuditRecord.of(now, request.dossierId(), a == null ? "ANONYMOUS" : a.kind().name(),
                a == null ? null : a.id(), a == null ? null : a.name(), a == null ? null : a.profession(),
                a == null ? null : a.structure(), a == null || a.role() == null ? null : a.role().name(), action, target,
                decision.permitted() ? "PERMIT" : "DENY", decision.rule(),
                a == null || !a.isProfessional() ? null : a.purposeOfUse().accessMode(),
                decision.permitted() ? request.reason() : decision.reason()));
    }
}
