package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Patch;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentQuery;
import health.carnet.document.DocumentRules;
import health.carnet.document.Documents;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * DocumentReference: ITI-67 Find Document References, read, metadata update of securityLabel by
 * FHIR PATCH (JSON Patch, as PDSm's "mise à jour des métadonnées"), and deletion (DOC-4).
 */
@Component
class DocumentReferenceProvider implements IResourceProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirContext fhir;
    private final Gate gate;
    private final Documents documents;
    private final DocumentAccess access;
    private final PatientReferences patients;
    private final CurrentActor current;

    DocumentReferenceProvider(FhirContext fhir, Gate gate, Documents documents, DocumentAccess access,
                              PatientReferences patients, CurrentActor current) {
        this.fhir = fhir;
        this.gate = gate;
        this.documents = documents;
        this.access = access;
        this.patients = patients;
        this.current = current;
    }

    @Override
    public Class<DocumentReference> getResourceType() {
        return DocumentReference.class;
    }

    @Read
    public DocumentReference read(@IdParam IdType id) {
        Actor actor = current.actor();
        DocumentAccess.Visible v = access.read(actor, CurrentActor.uuid(id.getIdPart(), "DocumentReference"), Action.READ_DOCUMENTS);
        return DocumentFhirMapper.render(fhir, v.meta(), documents.metadataJson(v.permit(), v.sealed()));
    }

    @Search
    public IBundleProvider search(
            @Description(shortDefinition = "The patient: Patient/<id>, or patient.identifier=urn:oid:1.2.250.1.213.1.4.8|<INS>")
            @OptionalParam(name = DocumentReference.SP_PATIENT, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @OptionalParam(name = DocumentReference.SP_STATUS) TokenOrListParam status,
            @OptionalParam(name = DocumentReference.SP_TYPE) TokenOrListParam type,
            @OptionalParam(name = DocumentReference.SP_CATEGORY) TokenOrListParam category,
            @OptionalParam(name = DocumentReference.SP_FORMAT) TokenOrListParam format,
            @OptionalParam(name = DocumentReference.SP_SECURITY_LABEL) TokenOrListParam securityLabel,
            @OptionalParam(name = DocumentReference.SP_DATE) DateRangeParam date,
            @Description(shortDefinition = "The depositing professional: Practitioner/<IDNPS> or author.identifier=urn:oid:1.2.250.1.71.4.2.1|<IDNPS>")
            @OptionalParam(name = DocumentReference.SP_AUTHOR, chainWhitelist = {"", "identifier"}) ReferenceParam author,
            @Count Integer count,
            @Offset Integer offset) {
        Actor actor = current.actor();
        FhirInput.plainReference(patient, "patient");
        FhirInput.plainReference(author, "author");
        if (patient == null) {
            throw new InvalidRequestException("ITI-67 needs the patient: patient=Patient/<id> or patient.identifier=<system>|<INS>.");
        }
        UUID dossierId;
        if ("identifier".equals(patient.getChain())) {
            String[] parts = patient.getValue().split("\\|", 2);
            if (parts.length != 2) {
                throw new InvalidRequestException("patient.identifier is <system>|<INS>.");
            }
            dossierId = patients.byIns(new Identifier().setSystem(parts[0]).setValue(parts[1]), "patient.identifier");
        } else {
            dossierId = CurrentActor.uuid(patient.getIdPart(), "Patient");
        }
        DocumentQuery query = new DocumentQuery(codes(status), codes(type), codes(category),
                date == null || date.getLowerBoundAsInstant() == null ? null : date.getLowerBoundAsInstant().toInstant(),
                date == null || date.getUpperBoundAsInstant() == null ? null : date.getUpperBoundAsInstant().toInstant(),
                codes(securityLabel), authorId(author), codes(format));
        Permit permit = gate.authorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossierId, DocumentAccess.reason()),
                "DocumentReference search");
        OffsetBundleProvider.PageQuery pages = (from, n) -> {
            current.requireSame(actor);
            return access.page(permit, actor, query, from, n).stream()
                    .map(s -> DocumentFhirMapper.render(fhir, documents.open(permit, s), documents.metadataJson(permit, s))).toList();
        };
        if (offset != null) {
            // stateless paging (_offset, as the fast path's next links): HAPI takes the page as given
            int n = count == null ? SearchDocuments.DEFAULT_COUNT : Math.min(Math.max(count, 0), SearchDocuments.MAX_COUNT);
            List<? extends org.hl7.fhir.instance.model.api.IBaseResource> page = pages.fetch(Math.min(Math.max(offset, 0),
                    FhirInput.MAX_OFFSET), n);
            return new OffsetBundleProvider(n, (from, ignored) -> page);
        }
        return new OffsetBundleProvider(count, pages);
    }

    /** DOC-5, DOC-7, MIN-3: only securityLabel may change, by JSON Patch. */
    @Patch
    public MethodOutcome patch(@IdParam IdType id, PatchTypeEnum type, @ResourceParam String body) {
        Actor actor = current.actor();
        if (type != PatchTypeEnum.JSON_PATCH) {
            throw new UnprocessableEntityException("Send a JSON Patch (Content-Type: application/json-patch+json) on /securityLabel.");
        }
        UUID docId = CurrentActor.uuid(FhirInput.requiredId(id, "DocumentReference"), "DocumentReference");
        DocumentAccess.Visible v = access.read(actor, docId, Action.UPDATE_DOCUMENT_METADATA);
        DocumentReference before = DocumentFhirMapper.render(fhir, v.meta(), documents.metadataJson(v.permit(), v.sealed()));
        JsonNode original = JSON.readTree(fhir.newJsonParser().encodeResourceToString(before));
        JsonNode patched = JsonPatch.apply(original, JSON.readTree(body));
        for (JsonNode label : patched.path("securityLabel")) {
            if (!label.isObject()) {
                // HAPI drops a null or an array in a list without a word: refused, not written as a new version
                throw new InvalidRequestException("Each securityLabel is a CodeableConcept (a JSON object).");
            }
        }
        // strict: a patched value HAPI would drop silently (a label that is a number) is refused, not ignored
        DocumentReference after = fhir.newJsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.StrictErrorHandler())
                .parseResource(DocumentReference.class, patched.toString());
        if (!withoutLabels(original).equals(withoutLabels(patched))) {
            throw new UnprocessableEntityException("Only DocumentReference.securityLabel can be patched.");
        }
        String confidentiality = "N";
        Set<String> labels = new LinkedHashSet<>();
        for (var concept : after.getSecurityLabel()) {
            for (var c : concept.getCoding()) {
                if (c.getCode() == null) {
                    throw new UnprocessableEntityException("Each securityLabel coding needs a code.");
                }
                if (DocumentRules.CONFIDENTIALITY_SYSTEM.equals(c.getSystem()) && DocumentRules.CONFIDENTIALITY.contains(c.getCode())) {
                    confidentiality = c.getCode();
                } else if ((DocumentRules.VISIBILITY_SYSTEM.equals(c.getSystem()) || DocumentRules.VISIBILITY_OID.equals(c.getSystem()))
                        && DocumentRules.VISIBILITY.contains(c.getCode())) {
                    labels.add(c.getCode());
                } else {
                    throw new UnprocessableEntityException("Unknown security label " + c.getSystem() + "|" + c.getCode() + ".");
                }
            }
        }
        DocumentMeta meta = v.meta();
        Set<String> added = new HashSet<>(labels);
        added.removeAll(meta.labels());
        Set<String> removed = new HashSet<>(meta.labels());
        removed.removeAll(labels);
        gate.authorizeLabels(v.permit(), actor, DocumentFhirMapper.facts(meta), added, removed,
                !confidentiality.equals(meta.confidentiality()), "DocumentReference/" + docId);
        DocumentMeta updated = documents.updateLabels(v.permit(), docId, confidentiality, labels);
        // only the labels changed: the deposited metadata fetched above still holds
        DocumentReference result = DocumentFhirMapper.render(fhir, updated, documents.metadataJson(v.permit(), v.sealed()));
        return new MethodOutcome(new IdType("DocumentReference", docId.toString(), Integer.toString(updated.version())))
                .setResource(result);
    }

    @Delete
    public MethodOutcome delete(@IdParam IdType id) {
        Actor actor = current.actor();
        UUID docId = CurrentActor.uuid(FhirInput.requiredId(id, "DocumentReference"), "DocumentReference");
        DocumentAccess.Visible v = access.read(actor, docId, Action.DELETE_DOCUMENT);
        gate.authorizeDelete(v.permit(), actor, DocumentFhirMapper.facts(v.meta()), "DocumentReference/" + docId);
        documents.delete(v.permit(), docId);
        return new MethodOutcome(new IdType("DocumentReference", docId.toString()));
    }

    private static JsonNode withoutLabels(JsonNode d) {
        tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) d.deepCopy();
        copy.remove("securityLabel");
        copy.remove("meta");
        return copy;
    }

    private static String authorId(ReferenceParam author) {
        if (author == null) {
            return null;
        }
        String value = "identifier".equals(author.getChain()) ? author.getValue().substring(author.getValue().indexOf('|') + 1)
                : author.getIdPart();
        return health.carnet.shared.Idnps.of(value).value();
    }

    private static Set<String> codes(TokenOrListParam param) {
        if (param == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (TokenParam t : param.getValuesAsQueryTokens()) {
            out.add(t.getValue());
        }
        return out;
    }


}
