package health.carnet.fhir.internal;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.audit.AuditQuery;
import health.carnet.document.Documents;
import health.carnet.shared.Permit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private static final java.util.regex.Pattern DOCUMENT = java.util.regex.Pattern.compile(
            "DocumentReference/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    private final Gate gate;
    private final AuditTrail audit;
    private final Documents documents;
    private final CurrentActor current;

    AuditEventProvider(Gate gate, AuditTrail audit, Documents documents, CurrentActor current) {
        this.gate = gate;
        this.audit = audit;
        this.documents = documents;
        this.current = current;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    /**
     * BALP's "Audit Consumer" query (ITI-81 as profiled by BALP): {@code patient} or
     * {@code entity=Patient/<id>} names the dossier; {@code entity=DocumentReference/<id>} the events
     * about one document; {@code date} (ge, gt, le, lt, eq), {@code agent}/{@code agent.identifier}
     * (the professional's IDNPS or the patient's login), {@code type}, {@code subtype} (a restful
     * interaction or a Carnet rule id), {@code outcome}; newest first, stateless paging.
     */
    @Search
    public IBundleProvider search(
            @Description(shortDefinition = "The dossier: Patient/<id>")
            @OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceParam patient,
            @Description(shortDefinition = "Patient/<id>, or DocumentReference/<id> for the events about one document")
            @OptionalParam(name = AuditEvent.SP_ENTITY) ReferenceParam entity,
            @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
            @Description(shortDefinition = "Practitioner/<IDNPS>, or agent.identifier=urn:oid:1.2.250.1.71.4.2.1|<IDNPS>")
            @OptionalParam(name = AuditEvent.SP_AGENT, chainWhitelist = {"", "identifier"}) ReferenceParam agent,
            @Description(shortDefinition = "rest (http://terminology.hl7.org/CodeSystem/audit-event-type) or 110114 (user authentication)")
            @OptionalParam(name = AuditEvent.SP_TYPE) TokenOrListParam type,
            @Description(shortDefinition = "A restful interaction (read, search-type, create, update, patch, delete) or a SPEC rule id")
            @OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenOrListParam subtype,
            @Description(shortDefinition = "0 (success) or 4 (refused)")
            @OptionalParam(name = AuditEvent.SP_OUTCOME) TokenOrListParam outcome,
            @Count Integer count,
            @Offset Integer offset) {
        Actor actor = current.actor();
        UUID dossierId = null;
        String targetLike = null;
        if (patient != null) {
            dossierId = CurrentActor.uuid(patient.getIdPart(), "Patient");
        }
        if (entity != null) {
            String kind = entity.getResourceType();
            if ("DocumentReference".equals(kind)) {
                // issue #11: the answer about a document the asker may not see is the answer about one
                // that does not exist (an empty Bundle): neither a 404 nor a 403 betrays its existence
                UUID docId = CurrentActor.uuid(entity.getIdPart(), "DocumentReference");
                Optional<Documents.Sealed> doc = documents.fetch(docId, false);
                if (doc.isEmpty() || dossierId != null && !dossierId.equals(doc.get().dossierId())) {
                    return empty(count, offset);
                }
                Optional<Permit> permit = gate.tryAuthorize(new AccessRequest(actor, Action.READ_HISTORY, doc.get().dossierId()),
                        "AuditEvent search: DocumentReference/" + docId);
                if (permit.isEmpty() || !visible(permit.get(), doc.get())) {
                    return empty(count, offset);
                }
                return history(permit.get(), date, agent, type, subtype, outcome, docId.toString(), count, offset);
            } else if (kind == null || "Patient".equals(kind)) {
                UUID named = CurrentActor.uuid(entity.getIdPart(), "Patient");
                if (dossierId != null && !dossierId.equals(named)) {
                    return new OffsetBundleProvider(count, offset, (o, n) -> List.of());
                }
                dossierId = named;
            } else {
                throw new InvalidRequestException("entity is Patient/<id> or DocumentReference/<id>.");
            }
        }
        if (dossierId == null) {
            throw new InvalidRequestException("Name the dossier: patient=Patient/<id> or entity=Patient/<id> (AUD-2: one dossier's history).");
        }
        Permit permit = gate.authorize(new AccessRequest(actor, Action.READ_HISTORY, dossierId), "AuditEvent search");
        return history(permit, date, agent, type, subtype, outcome, targetLike, count, offset);
    }

    private IBundleProvider history(Permit permit, DateRangeParam date, ReferenceParam agent, TokenOrListParam type,
            TokenOrListParam subtype, TokenOrListParam outcome, String targetLike, Integer count, Integer offset) {
        AuditQuery query = new AuditQuery(
                date == null || date.getLowerBoundAsInstant() == null ? null : date.getLowerBoundAsInstant().toInstant(),
                date == null || date.getUpperBoundAsInstant() == null ? null : date.getUpperBoundAsInstant().toInstant(),
                agent(agent), actions(type, subtype), rules(subtype), outcomes(outcome), targetLike);
        Set<String> hidden = documents.hiddenNames(permit);
        return new OffsetBundleProvider(count, offset, (o, n) -> audit.history(permit, query, hidden, o, n).stream()
                .map(AuditEventProvider::render).toList());
    }

    private static IBundleProvider empty(Integer count, Integer offset) {
        return new OffsetBundleProvider(count, offset, (o, n) -> List.of());
    }

    private boolean visible(Permit permit, Documents.Sealed doc) {
        try {
            documents.open(permit, doc);
            return true;
        } catch (health.carnet.shared.Problem hidden) {
            return false;
        }
    }

    private static Set<String> agent(ReferenceParam agent) {
        if (agent == null) {
            return null;
        }
        String v = "identifier".equals(agent.getChain()) ? agent.getValue().substring(agent.getValue().indexOf('|') + 1)
                : agent.getIdPart();
        return Set.of(v);
    }

    /** type (rest or a login) and subtype (a restful interaction) both name the actions recorded. */
    private static Set<String> actions(TokenOrListParam type, TokenOrListParam subtype) {
        Set<String> out = null;
        if (type != null) {
            out = new HashSet<>();
            for (TokenParam t : type.getValuesAsQueryTokens()) {
                if ("110114".equals(t.getValue())) {
                    out.add("LOGIN");
                } else if ("rest".equals(t.getValue())) {
                    out.addAll(INTERACTIONS.keySet());
                }
            }
        }
        if (subtype != null) {
            Set<String> bySubtype = new HashSet<>();
            boolean any = false;
            for (TokenParam t : subtype.getValuesAsQueryTokens()) {
                if (CARNET_RULE_SYSTEM.equals(t.getSystem()) || t.getValue().matches("[A-Z]{3}-\\d+")) {
                    continue;
                }
                any = true;
                INTERACTIONS.forEach((action, interaction) -> {
                    if (interaction.equals(t.getValue())) {
                        bySubtype.add(action);
                    }
                });
            }
            if (any) {
                if (out == null) {
                    out = bySubtype;
                } else {
                    out.retainAll(bySubtype);
                }
            }
        }
        return out;
    }

    private static Set<String> rules(TokenOrListParam subtype) {
        if (subtype == null) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (TokenParam t : subtype.getValuesAsQueryTokens()) {
            if (CARNET_RULE_SYSTEM.equals(t.getSystem()) || t.getValue().matches("[A-Z]{3}-\\d+")) {
                out.add(t.getValue());
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static Set<String> outcomes(TokenOrListParam outcome) {
        if (outcome == null) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (TokenParam t : outcome.getValuesAsQueryTokens()) {
            switch (t.getValue()) {
                case "0" -> out.addAll(Set.of("PERMIT", "SUCCESS"));
                case "4", "8", "12" -> out.addAll(Set.of("DENY", "FAILURE"));
                default -> throw new InvalidRequestException("outcome is 0 (success) or 4 (refused).");
            }
        }
        return out;
    }

    /** What each recorded action is, as BALP's restful-interaction subtype. */
    static final Map<String, String> INTERACTIONS = Map.ofEntries(
            Map.entry("LOOKUP_PATIENT", "search-type"), Map.entry("READ_DOCUMENTS", "read"), Map.entry("WRITE_DOCUMENT", "create"),
            Map.entry("UPDATE_DOCUMENT_METADATA", "patch"), Map.entry("DELETE_DOCUMENT", "delete"),
            Map.entry("READ_CONSENTS", "read"), Map.entry("MANAGE_CONSENTS", "update"), Map.entry("READ_HISTORY", "search-type"),
            Map.entry("CLOSE_DOSSIER", "update"), Map.entry("REOPEN_DOSSIER", "update"), Map.entry("DESTROY_DOSSIER", "delete"),
            Map.entry("DESIGNATE_MEDECIN_TRAITANT", "update"), Map.entry("EXPORT_DOSSIER", "read"),
            Map.entry("CREATE_DOSSIER", "create"));

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
            CodeableConcept purpose = new CodeableConcept(new Coding(PurposeOfUse.SYSTEM, pou, pou))
                    .addCoding(new Coding("urn:oid:" + PurposeOfUse.ACCESS_MODE_OID, r.accessMode(), r.accessMode()));
            if (success && !"normal".equals(r.accessMode()) && r.reason() != null) {
                // EMG-2: the reason stated for a break-glass access travels with its mode
                purpose.setText(r.reason());
            }
            e.addPurposeOfEvent(purpose);
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
            java.util.regex.Matcher doc = DOCUMENT.matcher(r.target());
            boolean named = false;
            while (doc.find()) {
                // BALP: the data the event is about, as a domain resource entity
                e.addEntity().setWhat(new Reference("DocumentReference/" + doc.group(1)))
                        .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
                        .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"))
                        .setDescription(named ? null : r.target());
                named = true;
            }
            if (!named) {
                e.addEntity().setDescription(r.target()).setName(r.action());
            }
        }
        if (!login && r.action() != null && INTERACTIONS.containsKey(r.action())) {
            String interaction = INTERACTIONS.get(r.action());
            e.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", interaction, interaction));
        }
        if (r.rule() != null) {
            e.addSubtype(new Coding(CARNET_RULE_SYSTEM, r.rule(), r.rule()));
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
