package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentQuery;
import health.carnet.document.Documents;
import health.carnet.security.Actor;
import health.carnet.shared.Permit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The FHIR side's way to documents: through the gate, hidden documents dropped (or "not found" by id). */
@Component
class DocumentAccess {

    private static final int CHUNK = 200;

    private final Gate gate;
    private final Documents documents;

    DocumentAccess(Gate gate, Documents documents) {
        this.gate = gate;
        this.documents = documents;
    }

    record Visible(Permit permit, DocumentMeta meta) {
    }

    /** One document by id, if the actor may read it; otherwise 404 (a hidden document does not exist for them). */
    Visible read(Actor actor, UUID documentId, Action action) {
        UUID dossier = documents.dossierOf(documentId)
                .orElseThrow(() -> new ResourceNotFoundException("No DocumentReference " + documentId));
        Permit permit = gate.authorize(new AccessRequest(actor, action, dossier, reason()), "DocumentReference/" + documentId);
        Permit readPermit = action == Action.READ_DOCUMENTS ? permit
                : gate.authorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossier, reason()), "DocumentReference/" + documentId);
        DocumentMeta meta = documents.find(readPermit, documentId).orElseThrow();
        if (!gate.visible(readPermit, actor, DocumentFhirMapper.facts(meta))) {
            throw new ResourceNotFoundException("No DocumentReference " + documentId);
        }
        return new Visible(permit, meta);
    }

    /**
     * The page of visible documents at a visible offset: scans the dossier's index in chunks and
     * skips hidden entries, so neither page contents nor next links reveal what is hidden.
     */
    List<DocumentMeta> page(Permit permit, Actor actor, DocumentQuery query, int offset, int count) {
        List<DocumentMeta> out = new ArrayList<>();
        int skipped = 0;
        int dbOffset = 0;
        while (out.size() < count) {
            List<DocumentMeta> chunk = documents.search(permit, query, dbOffset, CHUNK);
            for (DocumentMeta m : gate.visible(permit, actor, chunk, DocumentFhirMapper::facts)) {
                if (skipped < offset) {
                    skipped++;
                } else if (out.size() < count) {
                    out.add(m);
                }
            }
            if (chunk.size() < CHUNK) {
                break;
            }
            dbOffset += CHUNK;
        }
        return out;
    }

    /** The break-glass reason travels in a request header (EMG-2); see README. */
    static String reason() {
        var attrs = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (attrs instanceof org.springframework.web.context.request.ServletRequestAttributes s) {
            return s.getRequest().getHeader("X-Carnet-Break-Glass-Reason");
        }
        return null;
    }
}
