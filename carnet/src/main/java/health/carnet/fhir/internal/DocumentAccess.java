package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentQuery;
import health.carnet.document.Documents;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
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

    record Visible(Permit permit, DocumentMeta meta, Documents.Sealed sealed) {
    }

    /** One document by id, if the actor may read it; otherwise 404 (a hidden document does not exist for them). */
    Visible read(Actor actor, UUID documentId, Action action) {
        return read(actor, documentId, action, false);
    }

    /** As {@link #read(Actor, UUID, Action)}, fetching the sealed content in the same query when asked (ITI-68). */
    Visible read(Actor actor, UUID documentId, Action action, boolean withContent) {
        Documents.Sealed sealed = documents.fetch(documentId, withContent)
                .orElseThrow(() -> new ResourceNotFoundException("No DocumentReference " + documentId));
        UUID dossier = sealed.dossierId();
        // issue #9 row 8: a document the actor may not read does not exist for them, whatever hides it (the
        // dossier, a label, the class): the same 404 as an unknown id, the refusal audited all the same
        Permit readPermit;
        try {
            readPermit = gate.authorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossier, reason()), "DocumentReference/" + documentId);
        } catch (Problem refused) {
            throw new ResourceNotFoundException("No DocumentReference " + documentId);
        }
        DocumentMeta meta = documents.open(readPermit, sealed);
        if (!gate.visible(readPermit, actor, DocumentFhirMapper.facts(meta))) {
            throw new ResourceNotFoundException("No DocumentReference " + documentId);
        }
        // a document the actor sees but may not change: that refusal (403) tells them nothing new
        Permit permit = action == Action.READ_DOCUMENTS ? readPermit
                : gate.authorize(new AccessRequest(actor, action, dossier, reason()), "DocumentReference/" + documentId);
        return new Visible(permit, meta, sealed);
    }

    /**
     * The page of visible documents at a visible offset: scans the dossier's index in chunks and
     * skips hidden entries, so neither page contents nor next links reveal what is hidden.
     */
    List<Documents.Sealed> page(Permit permit, Actor actor, DocumentQuery query, int offset, int count) {
        List<Documents.Sealed> out = new ArrayList<>();
        int skipped = 0;
        int dbOffset = 0;
        // the first chunk is sized to the page: most dossiers hide nothing, and each entry carries its metadata
        int chunkSize = (int) Math.min(CHUNK, (long) offset + count + 1);
        while (out.size() < count) {
            List<Documents.Sealed> chunk = documents.searchSealed(permit, query, dbOffset, chunkSize);
            for (Documents.Sealed m : gate.visible(permit, actor, chunk, s -> DocumentFhirMapper.facts(documents.open(permit, s)))) {
                if (skipped < offset) {
                    skipped++;
                } else if (out.size() < count) {
                    out.add(m);
                }
            }
            if (chunk.size() < chunkSize) {
                break;
            }
            dbOffset += chunkSize;
            chunkSize = CHUNK;
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
