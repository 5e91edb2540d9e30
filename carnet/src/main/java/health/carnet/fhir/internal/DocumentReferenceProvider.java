package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
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
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.DocumentMeta;
import health.carnet.document.Documents;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import java.util.HashSet;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;

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
    private final ProvideDocumentBundle provide;

    DocumentReferenceProvider(FhirContext fhir, Gate gate, Documents documents, DocumentAccess access,
                              PatientReferences patients, CurrentActor current, ProvideDocumentBundle provide) {
        this.provide = provide;
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

    /**
     * ITI-67's parameters as the CapabilityStatement lists them ({@code CapabilityStatementTest}
     * checks that each is accepted). The search itself is {@link SearchDocuments}'.
     */
    @Search(allowUnknownParams = true)
    public IBundleProvider search(
            @Description(shortDefinition = "The patient: Patient/<id>, or patient.identifier=urn:oid:1.2.250.1.213.1.4.8|<INS>")
            @OptionalParam(name = DocumentReference.SP_PATIENT, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @Description(shortDefinition = "current, superseded, entered-in-error (with or without http://hl7.org/fhir/document-reference-status)")
            @OptionalParam(name = DocumentReference.SP_STATUS) TokenOrListParam status,
            @OptionalParam(name = DocumentReference.SP_TYPE) TokenOrListParam type,
            @Description(shortDefinition = "The class code (TRE_A03)")
            @OptionalParam(name = DocumentReference.SP_CATEGORY) TokenOrListParam category,
            @OptionalParam(name = DocumentReference.SP_FORMAT) TokenOrListParam format,
            @OptionalParam(name = DocumentReference.SP_SECURITY_LABEL) TokenOrListParam securityLabel,
            @OptionalParam(name = DocumentReference.SP_DATE) DateRangeParam date,
            @Description(shortDefinition = "The depositing professional: Practitioner/<IDNPS> or author.identifier=urn:oid:1.2.250.1.71.4.2.1|<IDNPS>")
            @OptionalParam(name = DocumentReference.SP_AUTHOR, chainWhitelist = {"", "identifier"}) ReferenceParam author,
            @Description(shortDefinition = "attachment.creation")
            @OptionalParam(name = "creation") DateRangeParam creation,
            @Description(shortDefinition = "context.period overlaps the range")
            @OptionalParam(name = DocumentReference.SP_PERIOD) DateRangeParam period,
            @Description(shortDefinition = "PDSm: context.period.start")
            @OptionalParam(name = "period-start") DateRangeParam periodStart,
            @Description(shortDefinition = "PDSm: context.period.end")
            @OptionalParam(name = "period-end") DateRangeParam periodEnd,
            @OptionalParam(name = DocumentReference.SP_EVENT) TokenOrListParam event,
            @OptionalParam(name = DocumentReference.SP_FACILITY) TokenOrListParam facility,
            @OptionalParam(name = DocumentReference.SP_SETTING) TokenOrListParam setting,
            @Description(shortDefinition = "context.related (a reference or an identifier value)")
            @OptionalParam(name = DocumentReference.SP_RELATED) ReferenceParam related,
            @Description(shortDefinition = "PDSm: relatesTo.target")
            @OptionalParam(name = "relatesTo") ReferenceParam relatesTo,
            @Description(shortDefinition = "masterIdentifier or identifier")
            @OptionalParam(name = DocumentReference.SP_IDENTIFIER) TokenOrListParam identifier,
            @Description(shortDefinition = "PDSm: true (archived documents only) or false (not archived); absent: both")
            @OptionalParam(name = "isArchived") TokenParam isArchived,
            @Count Integer count,
            @Offset Integer offset,
            HttpServletRequest request) {
        // never reached: SearchDocuments answers every ITI-67 search (GET and POST _search, JSON and XML),
        // the one writer of its Bundle (issue #10 item 4); this method declares the parameters HAPI lists
        // in the CapabilityStatement. Should its filter be unregistered, searches fail loudly, not differently.
        throw new InternalErrorException("ITI-67 is answered by SearchDocuments.");
    }

    /**
     * PDSm "mise à jour des métadonnées" (ITI-65's metadata update, as a FHIR PATCH): by id, or
     * conditional on the business identifier ({@code PATCH DocumentReference?identifier=<system>|<uniqueId>}),
     * a JSON Patch limited to {@code status} (entered-in-error: a deletion, DOC-4),
     * {@code securityLabel} (DOC-5, DOC-7, MIN-3) and the PDSm_isArchived extension; anything
     * else is 405. Success is 200 with the resource and its new {@code meta.versionId}.
     */
    @Patch
    public MethodOutcome patch(@IdParam IdType id, @ConditionalUrlParam String conditional, PatchTypeEnum type,
                               @ResourceParam String body) {
        Actor actor = current.actor();
        if (type != PatchTypeEnum.JSON_PATCH) {
            throw new UnprocessableEntityException("Send a JSON Patch (Content-Type: application/json-patch+json).");
        }
        UUID docId = id != null && id.hasIdPart() ? CurrentActor.uuid(id.getIdPart(), "DocumentReference") : byIdentifier(conditional);
        DocumentAccess.Visible v = access.read(actor, docId, Action.UPDATE_DOCUMENT_METADATA);
        String stored = documents.metadataJson(v.permit(), v.sealed());
        JsonNode original = DocumentFhirMapper.renderJson(v.meta(), stored);
        JsonNode patched = JsonPatch.apply(original, JSON.readTree(body));
        for (JsonNode label : patched.path("securityLabel")) {
            if (!label.isObject()) {
                // HAPI drops a null or an array in a list without a word: refused, not written as a new version
                throw new InvalidRequestException("Each securityLabel is a CodeableConcept (a JSON object).");
            }
        }
        if (!(patched instanceof ObjectNode) || !withoutPatchable(original).equals(withoutPatchable(patched))) {
            throw new MethodNotAllowedException("PDSm's metadata update changes status, securityLabel and the isArchived extension"
                    + " (" + DocumentSearch.IS_ARCHIVED_EXTENSION + ") only; deposit a new version (ITI-65, relatesTo replaces)"
                    + " to change anything else.");
        }
        DocumentReference after = fhir.newJsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.StrictErrorHandler())
                .parseResource(DocumentReference.class, patched.toString());
        DocumentMeta meta = v.meta();
        String target = "DocumentReference/" + docId;

        SecurityLabels labels = SecurityLabels.parse(after.getSecurityLabel(), target);
        Set<String> added = new HashSet<>(labels.visibility());
        added.removeAll(meta.labels());
        Set<String> removed = new HashSet<>(meta.labels());
        removed.removeAll(labels.visibility());
        boolean confidentialityChanged = !labels.confidentiality().equals(meta.confidentiality());
        boolean archived = archived(patched);
        boolean archiveChanged = archived != archived(original);
        String status = patched.path("status").asText("");
        boolean statusChanged = !status.equals(meta.status());
        if (statusChanged && !"entered-in-error".equals(status)) {
            throw new UnprocessableEntityException("A document's status changes only to entered-in-error (its deletion, DOC-4);"
                    + " superseded comes with a new version (ITI-65, relatesTo replaces).");
        }
        if (!added.isEmpty() || !removed.isEmpty() || confidentialityChanged) {
            gate.authorizeLabels(v.permit(), actor, DocumentFhirMapper.facts(meta), added, removed, confidentialityChanged, target);
            meta = documents.updateLabels(v.permit(), docId, labels.confidentiality(), labels.visibility());
        }
        if (archiveChanged) {
            gate.authorizeArchive(v.permit(), actor, DocumentFhirMapper.facts(meta), target);
            meta = documents.setArchived(v.permit(), docId, archived, withArchived(stored, archived));
            stored = withArchived(stored, archived);
        }
        if (statusChanged) {
            gate.authorizeDelete(v.permit(), actor, DocumentFhirMapper.facts(meta), target);
            Permit delete = gate.authorize(new AccessRequest(actor, Action.DELETE_DOCUMENT, meta.dossierId(), DocumentAccess.reason()), target);
            meta = documents.delete(delete, docId);
        }
        DocumentReference result = DocumentFhirMapper.render(fhir, meta, stored);
        return new MethodOutcome(new IdType("DocumentReference", docId.toString(), Integer.toString(meta.version())))
                .setResource(result);
    }

    /** The document a conditional update names: {@code identifier=[system|]uniqueId}, one match or 404. */
    private UUID byIdentifier(String conditional) {
        if (conditional == null || !conditional.contains("?")) {
            throw new InvalidRequestException("PATCH DocumentReference/<id>, or DocumentReference?identifier=<system>|<uniqueId>.");
        }
        String query = conditional.substring(conditional.indexOf('?') + 1);
        String value = null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!name.equals("identifier")) {
                throw new InvalidRequestException("A conditional update names the document by identifier only, not " + name + ".");
            }
            value = java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException("identifier=<system>|<uniqueId> is required.");
        }
        String uniqueId = value.substring(value.indexOf('|') + 1);
        return documents.fetchByMasterIdentifier(uniqueId, false).map(s -> s.documentId())
                .orElseThrow(() -> new ResourceNotFoundException("No DocumentReference with identifier " + uniqueId));
    }

    private static boolean archived(JsonNode d) {
        for (JsonNode e : d.path("extension")) {
            if (DocumentSearch.IS_ARCHIVED_EXTENSION.equals(e.path("url").asText())) {
                return e.path("valueBoolean").asBoolean(false);
            }
        }
        return false;
    }

    /** The deposited metadata with the isArchived extension set (true) or removed (false). */
    private static String withArchived(String stored, boolean archived) {
        ObjectNode d = (ObjectNode) JSON.readTree(stored);
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode e : d.path("extension")) {
            if (!DocumentSearch.IS_ARCHIVED_EXTENSION.equals(e.path("url").asText())) {
                kept.add(e);
            }
        }
        if (archived) {
            kept.addObject().put("url", DocumentSearch.IS_ARCHIVED_EXTENSION).put("valueBoolean", true);
        }
        if (kept.isEmpty()) {
            d.remove("extension");
        } else {
            d.set("extension", kept);
        }
        return d.toString();
    }

    /**
     * ITI-105 Simplified Publish (MHD 4.2 §2:3.105): "the Document Source ... sends a
     * DocumentReference with the document inline in attachment.data; the Document Recipient creates
     * the SubmissionSet". Carnet wraps it in the ITI-65 SubmissionSet it would have received and
     * deposits it through the same checks: 201 with its Location; 400 for a malformed resource,
     * 404 for an unknown patient, 422 for metadata the French profile refuses, as OperationOutcomes.
     */
    @Create
    public MethodOutcome publish(@ResourceParam DocumentReference document, HttpServletRequest request) {
        if (!document.getContentFirstRep().getAttachment().hasData()) {
            throw new UnprocessableEntityException("ITI-105 carries the document inline, in content.attachment.data;"
                    + " send a Binary with an ITI-65 transaction Bundle otherwise.");
        }
        try {
            patients.dossierId(document.getSubject(), java.util.Map.of(), "DocumentReference.subject");
        } catch (health.carnet.shared.Problem p) {
            if (document.getSubject().hasReference() || document.getSubject().hasIdentifier()) {
                throw new ResourceNotFoundException(p.getMessage());
            }
            throw p;
        }
        org.hl7.fhir.r4.model.Bundle bundle = new org.hl7.fhir.r4.model.Bundle().setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
        org.hl7.fhir.r4.model.ListResource set = new org.hl7.fhir.r4.model.ListResource();
        set.setStatus(org.hl7.fhir.r4.model.ListResource.ListStatus.CURRENT).setMode(org.hl7.fhir.r4.model.ListResource.ListMode.WORKING)
                .setDate(new java.util.Date()).setSubject(document.getSubject());
        set.getCode().addCoding().setSystem(ProvideDocumentBundle.SUBMISSION_SET_CODE_SYSTEM).setCode("submissionset");
        set.addIdentifier().setUse(Identifier.IdentifierUse.USUAL).setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID());
        if (!document.getAuthor().isEmpty()) {
            set.setSource(document.getAuthorFirstRep());
        }
        String docUrl = "urn:uuid:" + UUID.randomUUID();
        set.addEntry().getItem().setReference(docUrl);
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(set).getRequest()
                .setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST).setUrl("List");
        bundle.addEntry().setFullUrl(docUrl).setResource(document).getRequest()
                .setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST).setUrl("DocumentReference");
        org.hl7.fhir.r4.model.Bundle response = provide.provide(bundle, request);
        String location = response.getEntry().get(1).getResponse().getLocation();
        return new MethodOutcome(new IdType(location), true);
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

    /** The resource without what a metadata update may change: what remains must be equal before and after. */
    private static JsonNode withoutPatchable(JsonNode d) {
        ObjectNode copy = (ObjectNode) d.deepCopy();
        copy.remove("securityLabel");
        copy.remove("meta");
        copy.remove("status");
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode e : copy.path("extension")) {
            if (!DocumentSearch.IS_ARCHIVED_EXTENSION.equals(e.path("url").asText())) {
                kept.add(e);
            }
        }
        copy.remove("extension");
        if (!kept.isEmpty()) {
            copy.set("extension", kept);
        }
        return copy;
    }
}
