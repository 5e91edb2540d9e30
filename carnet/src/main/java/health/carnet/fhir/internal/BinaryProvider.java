package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.IResourceProvider;
import health.carnet.access.Action;
import health.carnet.document.Documents;
import health.carnet.shared.Actor;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * ITI-68 Retrieve Document: {@code GET /fhir/Binary/<id>} answers the exact bytes with their content
 * type (or a FHIR Binary when the client asks for FHIR JSON/XML).
 */
@Component
class BinaryProvider implements IResourceProvider {

    private final Documents documents;
    private final DocumentAccess access;
    private final CurrentActor current;

    BinaryProvider(Documents documents, DocumentAccess access, CurrentActor current) {
        this.documents = documents;
        this.access = access;
        this.current = current;
    }

    @Override
    public Class<Binary> getResourceType() {
        return Binary.class;
    }

    @Read
    public Binary read(@IdParam IdType id) {
        Actor actor = current.actor();
        DocumentAccess.Visible v = access.read(actor, CurrentActor.uuid(id.getIdPart(), "Binary"), Action.READ_DOCUMENTS, true);
        Binary b = new Binary();
        b.setId(v.meta().id().toString());
        b.setContentType(v.meta().contentType());
        b.setData(documents.content(v.permit(), v.sealed()));
        return b;
    }
}
