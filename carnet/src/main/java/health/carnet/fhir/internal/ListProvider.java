package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.Documents;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.springframework.stereotype.Component;

/** ITI-66 Find Document Lists: the SubmissionSets of a patient's dossier. */
@Component
class ListProvider implements IResourceProvider {

    private final FhirContext fhir;
    private final Gate gate;
    private final Documents documents;
    private final CurrentActor current;

    ListProvider(FhirContext fhir, Gate gate, Documents documents, CurrentActor current) {
        this.fhir = fhir;
        this.gate = gate;
        this.documents = documents;
        this.current = current;
    }

    @Override
    public Class<ListResource> getResourceType() {
        return ListResource.class;
    }

    @Read
    public ListResource read(@IdParam IdType id) {
        Actor actor = current.actor();
        UUID setId = CurrentActor.uuid(id.getIdPart(), "List");
        UUID dossier = documents.dossierOfSubmissionSet(setId).orElseThrow(() -> new ResourceNotFoundException("No List " + setId));
        // as documents by id: a submission set the actor may not read is not found (issue #9 row 8)
        Permit permit = gate.tryAuthorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossier, DocumentAccess.reason()), "List/" + setId)
                .orElseThrow(() -> new ResourceNotFoundException("No List " + setId));
        return render(documents.submissionSet(permit, setId).orElseThrow());
    }

    @Search
    public IBundleProvider search(@RequiredParam(name = ListResource.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = ListResource.SP_CODE) TokenParam code,
                                  @Count Integer count) {
        Actor actor = current.actor();
        FhirInput.plainReference(patient, "patient");
        if (code != null && !"submissionset".equals(code.getValue())) {
            return new OffsetBundleProvider(count, (o, n) -> List.of());
        }
        UUID dossierId = CurrentActor.uuid(patient.getIdPart(), "Patient");
        Permit permit = gate.authorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossierId, DocumentAccess.reason()), "List search");
        return new OffsetBundleProvider(count, (offset, n) -> {
            current.requireSame(actor);
            return documents.submissionSets(permit, offset, n).stream().map(this::render).toList();
        });
    }

    /** The submission set, listing only the documents this actor may see (a hidden one is not even named). */
    private ListResource render(Documents.SubmissionSet s) {
        ListResource l = fhir.newJsonParser().parseResource(ListResource.class, s.json());
        l.setId(s.id().toString());
        // the document module lists in s.documents() only what this permit's holder sees
        l.getEntry().removeIf(e -> {
            String ref = e.getItem().getReference();
            if (ref == null || !ref.startsWith("DocumentReference/")) {
                return false;
            }
            try {
                return !s.documents().contains(UUID.fromString(ref.substring("DocumentReference/".length())));
            } catch (IllegalArgumentException e2) {
                return true;
            }
        });
        return l;
    }
}
