package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Consent;
import health.carnet.access.ConsentKind;
import health.carnet.access.Consents;
import health.carnet.access.Gate;
import health.carnet.shared.Actor;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.Finess;
import health.carnet.shared.Idnps;
import health.carnet.shared.Permit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * The patient's consents as FHIR {@code Consent} (IHE PCF): authorisations of professionals and
 * establishments, blocks, oppositions, extended rights, emergency opt-outs. Created and revoked
 * (DELETE) by the patient, or by the médecin traitant for a block at the patient's request (ACC-6);
 * read by both. Carnet's own kind travels as a {@code category} coding of {@link #KIND_SYSTEM};
 * the reason of an opposition as {@code provision.code.text}.
 */
@Component
class ConsentProvider implements IResourceProvider {

    static final String KIND_SYSTEM = "https://carnet.health/fhir/CodeSystem/consent-kind";
    static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";

    private final Consents consents;
    private final Gate gate;
    private final PatientReferences patients;
    private final CurrentActor current;

    ConsentProvider(Consents consents, Gate gate, PatientReferences patients, CurrentActor current) {
        this.consents = consents;
        this.gate = gate;
        this.patients = patients;
        this.current = current;
    }

    @Override
    public Class<org.hl7.fhir.r4.model.Consent> getResourceType() {
        return org.hl7.fhir.r4.model.Consent.class;
    }

    /** PCF read and vread: the consent as it is, or as it was at one of its versions ({@code meta.versionId}). */
    @Read(version = true)
    public org.hl7.fhir.r4.model.Consent read(@IdParam IdType id) {
        Actor actor = current.actor();
        UUID consentId = CurrentActor.uuid(id.getIdPart(), "Consent");
        UUID dossierId = consents.locate(consentId).map(Consents.Located::dossierId)
                .orElseThrow(() -> new ResourceNotFoundException("No Consent " + id.getIdPart()));
        Permit permit = gate.authorize(new AccessRequest(actor, Action.READ_CONSENTS, dossierId), "Consent/" + consentId);
        Consent c = consents.find(permit, consentId).orElseThrow(() -> new ResourceNotFoundException("No Consent " + id.getIdPart()));
        List<Consents.Version> versions = consents.versions(permit, c.id());
        if (!id.hasVersionIdPart()) {
            return render(c, versions.isEmpty() ? null : versions.get(versions.size() - 1));
        }
        return versions.stream().filter(v -> Integer.toString(v.version()).equals(id.getVersionIdPart())).findFirst()
                .map(v -> render(v.consent(), v))
                .orElseThrow(() -> new ResourceNotFoundException("No version " + id.getVersionIdPart() + " of Consent/" + c.id()));
    }

    /**
     * PCF's Consent search: {@code patient} (Patient/<id>) or {@code patient.identifier} (INS),
     * {@code status} (active, inactive), {@code actor} (Practitioner/<IDNPS>, Organization/<id or
     * FINESS>), {@code _lastUpdated}; stateless paging.
     */
    @Search
    public ca.uhn.fhir.rest.api.server.IBundleProvider search(
            @ca.uhn.fhir.model.api.annotation.Description(shortDefinition = "Patient/<id>, or patient.identifier=urn:oid:1.2.250.1.213.1.4.8|<INS>")
            @RequiredParam(name = org.hl7.fhir.r4.model.Consent.SP_PATIENT, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @ca.uhn.fhir.model.api.annotation.Description(shortDefinition = "active (the default), inactive, or both: active,inactive")
            @OptionalParam(name = org.hl7.fhir.r4.model.Consent.SP_STATUS) ca.uhn.fhir.rest.param.TokenOrListParam status,
            @ca.uhn.fhir.model.api.annotation.Description(shortDefinition = "Practitioner/<IDNPS> or Organization/<id or FINESS>")
            @OptionalParam(name = org.hl7.fhir.r4.model.Consent.SP_ACTOR) ReferenceParam actorParam,
            @OptionalParam(name = "_lastUpdated") ca.uhn.fhir.rest.param.DateRangeParam lastUpdated,
            @ca.uhn.fhir.rest.annotation.Count Integer count) {
        Actor actor = current.actor();
        UUID dossierId = patients.searched(patient);
        Permit permit = gate.authorize(new AccessRequest(actor, Action.READ_CONSENTS, dossierId), "Consent search");
        java.util.Set<String> statuses = status == null ? null : status.getValuesAsQueryTokens().stream().map(TokenParam::getValue)
                .collect(java.util.stream.Collectors.toSet());
        if (statuses != null && !java.util.Set.of("active", "inactive").containsAll(statuses)) {
            throw new InvalidRequestException("status is active or inactive.");
        }
        String who = actorParam == null ? null : actorParam.getIdPart();
        java.time.Instant from = lastUpdated == null || lastUpdated.getLowerBoundAsInstant() == null ? null
                : lastUpdated.getLowerBoundAsInstant().toInstant();
        java.time.Instant to = lastUpdated == null || lastUpdated.getUpperBoundAsInstant() == null ? null
                : lastUpdated.getUpperBoundAsInstant().toInstant();
        // no status: the consents in force (as before PCF); status=inactive,active for every one
        boolean all = statuses != null && statuses.contains("inactive");
        List<org.hl7.fhir.r4.model.Consent> found = consents.list(permit, all).stream()
                .filter(c -> statuses == null || statuses.contains(c.active() ? "active" : "inactive"))
                .filter(c -> who == null || who.equals(c.subject()))
                .map(c -> {
                    List<Consents.Version> versions = consents.versions(permit, c.id());
                    return render(c, versions.isEmpty() ? null : versions.get(versions.size() - 1));
                })
                .filter(r -> (from == null || !r.getMeta().getLastUpdated().toInstant().isBefore(from))
                        && (to == null || !r.getMeta().getLastUpdated().toInstant().isAfter(to)))
                .toList();
        return OffsetBundleProvider.slice(count, found);
    }

    /**
     * PCF update ({@code PUT Consent/<id>}): a permit turned into a deny, another professional, or
     * {@code status} inactive (preferred to deletion: the consent stays, revoked, with who and
     * when). The same rules as creating it: the patient's decision; a professional changes only
     * a block they recorded (ACC-3, ACC-6).
     */
    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam org.hl7.fhir.r4.model.Consent resource) {
        Actor actor = current.actor();
        UUID consentId = CurrentActor.uuid(FhirInput.requiredId(id, "Consent"), "Consent");
        Consents.Located c = consents.locate(consentId)
                .orElseThrow(() -> new ResourceNotFoundException("No Consent " + id.getIdPart() + "; create it with POST Consent."));
        if (resource.getPatient().hasReference()
                && !("Patient/" + c.dossierId()).equals(resource.getPatient().getReferenceElement().toUnqualifiedVersionless().getValue())) {
            throw new UnprocessableEntityException("A consent stays with its patient (Patient/" + c.dossierId() + ").");
        }
        boolean active = switch (resource.getStatus() == null ? org.hl7.fhir.r4.model.Consent.ConsentState.ACTIVE : resource.getStatus()) {
            case ACTIVE -> true;
            case INACTIVE, REJECTED -> false;
            default -> throw new UnprocessableEntityException("A recorded consent is active or inactive, not " + resource.getStatus().toCode() + ".");
        };
        ConsentKind kind = kind(resource);
        String subject = subject(resource, kind);
        // a block stays a block changed like it is recorded (ACC-6), by whoever recorded it (ACC-3); the rest is the patient's
        Action action = c.kind() == ConsentKind.BLOCK && kind == ConsentKind.BLOCK
                && (!actor.isProfessional() || actor.id().equals(c.createdBy())) ? Action.MANAGE_BLOCKS : Action.MANAGE_CONSENTS;
        Permit permit = gate.authorize(new AccessRequest(actor, action, c.dossierId()),
                "update Consent/" + consentId + " " + kind + (active ? "" : " inactive"));
        String reason = resource.getProvision().getCode().isEmpty() ? null : resource.getProvision().getCodeFirstRep().getText();
        consents.update(permit, consentId, kind, subject, reason, active, actor.id());
        Permit read = gate.authorize(new AccessRequest(actor, Action.READ_CONSENTS, c.dossierId()), "Consent/" + consentId);
        List<Consents.Version> versions = consents.versions(read, consentId);
        Consents.Version latest = versions.get(versions.size() - 1);
        return new MethodOutcome(new IdType("Consent", consentId.toString(), Integer.toString(latest.version())))
                .setResource(render(latest.consent(), latest));
    }

    @Create
    public MethodOutcome create(@ResourceParam org.hl7.fhir.r4.model.Consent resource) {
        Actor actor = current.actor();
        if (resource.getPatient() == null || !resource.getPatient().hasReference()) {
            throw new InvalidRequestException("Consent.patient (Patient/<id>) is required.");
        }
        UUID dossierId = CurrentActor.uuid(resource.getPatient().getReferenceElement().getIdPart(), "Patient");
        ConsentKind kind = kind(resource);
        String subject = subject(resource, kind);
        // ACC-6: the médecin traitant blocks at the patient's request; every other consent is the patient's (the policy decides)
        Action action = kind == ConsentKind.BLOCK ? Action.MANAGE_BLOCKS : Action.MANAGE_CONSENTS;
        Permit permit = gate.authorize(new AccessRequest(actor, action, dossierId), "Consent " + kind + " " + subject);
        String reason = resource.getProvision().getCode().isEmpty() ? null : resource.getProvision().getCodeFirstRep().getText();
        Consent created = consents.grant(permit, kind, subject, reason, actor.id());
        return new MethodOutcome(new IdType("Consent", created.id().toString(), "1"), true).setResource(render(created, null));
    }

    /** Revocation (ACC-4): effective on the next request. */
    @Delete
    public MethodOutcome revoke(@IdParam IdType id) {
        Actor actor = current.actor();
        UUID consentId = CurrentActor.uuid(FhirInput.requiredId(id, "Consent"), "Consent");
        Consents.Located c = consents.locate(consentId)
                .orElseThrow(() -> new ResourceNotFoundException("No Consent " + id.getIdPart() + ": nothing to revoke."));
        // a block is revoked like it is recorded (ACC-6), and a block the patient set by the patient alone (ACC-3):
        // a professional lifting someone else's block asks to manage the patient's consents, which the policy refuses
        Action action = c.kind() == ConsentKind.BLOCK && (!actor.isProfessional() || actor.id().equals(c.createdBy()))
                ? Action.MANAGE_BLOCKS : Action.MANAGE_CONSENTS;
        Permit permit = gate.authorize(new AccessRequest(actor, action, c.dossierId()), "revoke Consent/" + consentId);
        consents.revoke(permit, consentId, actor.id());
        return new MethodOutcome(new IdType("Consent", consentId.toString()));
    }

    static ConsentKind kind(org.hl7.fhir.r4.model.Consent r) {
        for (CodeableConcept cat : r.getCategory()) {
            for (Coding c : cat.getCoding()) {
                if (KIND_SYSTEM.equals(c.getSystem())) {
                    try {
                        return ConsentKind.valueOf(c.getCode());
                    } catch (RuntimeException e) {
                        throw new InvalidRequestException("Unknown consent kind " + c.getCode() + "; one of "
                                + java.util.Arrays.toString(ConsentKind.values()) + ".");
                    }
                }
            }
        }
        var p = r.getProvision();
        boolean deny = p.getType() == org.hl7.fhir.r4.model.Consent.ConsentProvisionType.DENY;
        String purpose = p.getPurpose().isEmpty() ? null : p.getPurposeFirstRep().getCode();
        if (deny && "ETREAT".equals(purpose)) {
            return ConsentKind.REGULATOR_OPT_OUT;
        }
        if (deny && "BTG".equals(purpose)) {
            return ConsentKind.BREAK_GLASS_OPT_OUT;
        }
        if (p.getActor().isEmpty()) {
            throw new InvalidRequestException("The Consent names no one: give provision.actor (a Practitioner or an Organization),"
                    + " or a category of " + KIND_SYSTEM + ".");
        }
        boolean organization = p.getActorFirstRep().getReference().getReference() != null
                && p.getActorFirstRep().getReference().getReference().startsWith("Organization/");
        if (deny) {
            return ConsentKind.BLOCK;
        }
        return organization ? ConsentKind.AUTHORISE_STRUCTURE : ConsentKind.AUTHORISE;
    }

    static String subject(org.hl7.fhir.r4.model.Consent r, ConsentKind kind) {
        if (!kind.needsSubject()) {
            return null;
        }
        if (r.getProvision().getActor().isEmpty()) {
            throw new InvalidRequestException("A consent of kind " + kind + " names a professional or an establishment in provision.actor.");
        }
        Reference ref = r.getProvision().getActorFirstRep().getReference();
        if (ref.hasIdentifier()) {
            return ref.getIdentifier().getValue();
        }
        if (ref.getReference() == null) {
            throw new InvalidRequestException("provision.actor.reference is Practitioner/<IDNPS> or Organization/<id or FINESS>.");
        }
        return ref.getReferenceElement().getIdPart();
    }

    static org.hl7.fhir.r4.model.Consent render(Consent c, Consents.Version version) {
        org.hl7.fhir.r4.model.Consent r = render(c);
        if (version != null) {
            r.getMeta().setVersionId(Integer.toString(version.version())).setLastUpdated(Date.from(version.recordedAt()));
        } else {
            r.getMeta().setVersionId("1").setLastUpdated(Date.from(c.revokedAt() != null ? c.revokedAt() : c.createdAt()));
        }
        return r;
    }

    static org.hl7.fhir.r4.model.Consent render(Consent c) {
        org.hl7.fhir.r4.model.Consent r = new org.hl7.fhir.r4.model.Consent();
        r.setId(c.id().toString());
        r.setStatus(c.active() ? org.hl7.fhir.r4.model.Consent.ConsentState.ACTIVE : org.hl7.fhir.r4.model.Consent.ConsentState.INACTIVE);
        r.setScope(new CodeableConcept(new Coding(SCOPE_SYSTEM, "patient-privacy", "Privacy Consent")));
        r.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
        r.addCategory(new CodeableConcept(new Coding(KIND_SYSTEM, c.kind().name(), c.kind().name())));
        r.setPatient(new Reference("Patient/" + c.dossierId()));
        r.setDateTime(Date.from(c.createdAt()));
        r.addPolicy().setUri("https://carnet.health/policy/dmp");
        var p = r.getProvision();
        boolean deny = switch (c.kind()) {
            case BLOCK, OPPOSE_DEPOSIT, REGULATOR_OPT_OUT, BREAK_GLASS_OPT_OUT -> true;
            default -> false;
        };
        p.setType(deny ? org.hl7.fhir.r4.model.Consent.ConsentProvisionType.DENY : org.hl7.fhir.r4.model.Consent.ConsentProvisionType.PERMIT);
        if (c.revokedAt() != null || c.createdAt() != null) {
            p.getPeriod().setStart(Date.from(c.createdAt()));
            if (c.revokedAt() != null) {
                p.getPeriod().setEnd(Date.from(c.revokedAt()));
            }
        }
        if (c.subject() != null) {
            boolean organization = c.kind() == ConsentKind.AUTHORISE_STRUCTURE;
            Reference who = organization ? new Reference("Organization/" + c.subject())
                    : new Reference("Practitioner/" + c.subject()).setIdentifier(new Identifier().setSystem(Idnps.SYSTEM).setValue(c.subject()));
            if (organization && c.subject().matches("\\d{9}|2[AB]\\d{7}")) {
                who.setIdentifier(new Identifier().setSystem(Finess.SYSTEM).setValue(c.subject()));
            }
            p.addActor().setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "PRCP",
                    "primary information recipient"))).setReference(who);
        }
        if (c.kind() == ConsentKind.OPPOSE_DEPOSIT) {
            p.addAction(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentaction", "collect", "Collect")));
        }
        if (c.kind() == ConsentKind.REGULATOR_OPT_OUT) {
            p.addPurpose(new Coding(PurposeOfUse.SYSTEM, "ETREAT", "Emergency Treatment"));
        }
        if (c.kind() == ConsentKind.BREAK_GLASS_OPT_OUT) {
            p.addPurpose(new Coding(PurposeOfUse.SYSTEM, "BTG", "break the glass"));
        }
        if (c.reason() != null) {
            p.addCode(new CodeableConcept().setText(c.reason()));
        }
        return r;
    }
}
