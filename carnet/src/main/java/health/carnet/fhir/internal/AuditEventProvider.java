package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.Idnps;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * The dossier's history as FHIR {@code AuditEvent}, shaped as IHE BALP does (AUD-2, AUD-4): for the
 * patient and the médecin traitant; reading it is itself recorded (the gate audits READ_HISTORY).
 */
@Component
class AuditEventProvider implements IResourceProvider {

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String CARNET_RULE_SYSTEM = "https://carnet.health/fhir/CodeSystem/spec-rule";

    private final Gate gate;
    private final AuditTrail audit;
    private final CurrentActor current;

    AuditEventProvider(Gate gate, AuditTrail audit, CurrentActor current) {
        this.gate = gate;
        this.audit = audit;
        this.current = current;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Search
    public IBundleProvider search(@RequiredParam(name = AuditEvent.SP_PATIENT) ReferenceParam patient, @Count Integer count) {
        Actor actor = current.actor();
        UUID dossierId = CurrentActor.uuid(patient.getIdPart(), "Patient");
        Permit permit = gate.authorize(new AccessRequest(actor, Action.READ_HISTORY, dossierId), "AuditEvent search");
        return new OffsetBundleProvider(count, (offset, n) -> {
            current.requireSame(actor);
            return audit.history(permit, offset, n).stream().map(AuditEventProvider::render).toList();
        });
    }

    static AuditEvent render(AuditRecord r) {
        AuditEvent e = new AuditEvent();
        e.setId(Long.toString(r.id()));
        boolean login = "LOGIN".equals(r.action());
        e.setType(login ? new Coding(DCM, "110114", "User Authentication")
                : new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation"));
        e.setAction(action(r.action()));
        e.setRecorded(Date.from(r.at()));
        boolean success = "PERMIT".equals(r.outcome()) || "SUCCESS".equals(r.outcome());
        e.setOutcome(success ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
        e.setOutcomeDesc((success ? "" : "refused: ") + (r.rule() == null ? "" : r.rule()) + (r.reason() == null ? "" : " " + r.reason()));
        if (r.accessMode() != null) {
            String pou = switch (r.accessMode()) {
                case "bris_de_glace" -> "BTG";
                case "centre_15" -> "ETREAT";
                default -> "TREAT";
            };
            e.addPurposeOfEvent(new CodeableConcept(new Coding(PurposeOfUse.SYSTEM, pou, pou))
                    .addCoding(new Coding("urn:oid:" + PurposeOfUse.ACCESS_MODE_OID, r.accessMode(), r.accessMode())));
        }
        AuditEvent.AuditEventAgentComponent agent = e.addAgent().setRequestor(true);
        Reference who = new Reference().setDisplay(r.actorName() == null ? r.actorId() : r.actorName());
        if ("PROFESSIONAL".equals(r.actorKind()) && r.actorId() != null) {
            who.setIdentifier(new Identifier().setSystem(Idnps.SYSTEM).setValue(r.actorId()));
        } else if (r.actorId() != null) {
            who.setIdentifier(new Identifier().setSystem("https://carnet.health/fhir/sid/patient-login").setValue(r.actorId()));
        }
        agent.setWho(who);
        if (r.profession() != null) {
            agent.addRole(new CodeableConcept(new Coding(DirectoryFhirMapper.PROFESSION_SYSTEM, r.profession(), null)));
        }
        if (r.role() != null) {
            agent.setType(new CodeableConcept(new Coding(DirectoryFhirMapper.CARNET_ROLE_SYSTEM, r.role(), r.role())));
        }
        if (r.structure() != null) {
            agent.setLocation(new Reference().setDisplay(r.structure()));
        }
        e.getSource().setObserver(new Reference().setDisplay("Carnet")).addType(new Coding(
                "http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
        if (r.dossierId() != null) {
            e.addEntity().setWhat(new Reference("Patient/" + r.dossierId()))
                    .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
                    .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
        }
        if (r.target() != null) {
            e.addEntity().setDescription(r.target()).setName(r.action());
        }
        if (r.rule() != null) {
            e.getSubtypeFirstRep().setSystem(CARNET_RULE_SYSTEM).setCode(r.rule());
        }
        return e;
    }

    static AuditEvent.AuditEventAction action(String action) {
        if (action == null) {
            return AuditEvent.AuditEventAction.E;
        }
        return switch (action) {
            case "WRITE_DOCUMENT", "CREATE_DOSSIER" -> AuditEvent.AuditEventAction.C;
            case "UPDATE_DOCUMENT_METADATA", "MANAGE_CONSENTS", "MANAGE_BLOCKS", "WRITE_PATIENT_ENTRY", "CLOSE_DOSSIER", "REOPEN_DOSSIER", "DESIGNATE_MEDECIN_TRAITANT" ->
                    AuditEvent.AuditEventAction.U;
            case "DELETE_DOCUMENT", "DELETE_PATIENT_ENTRY", "DESTROY_DOSSIER" -> AuditEvent.AuditEventAction.D;
            case "LOGIN" -> AuditEvent.AuditEventAction.E;
            default -> AuditEvent.AuditEventAction.R;
        };
    }
}
