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
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The FHIR side's way to documents: through the gate; the document module drops hidden ones (or answers "not found" by id). */
@Component
class DocumentAccess {

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

    /**
     * As {@link #read(Actor, UUID, Action)}, fetching the sealed content in the same query when asked
     * (ITI-68). The permit carries what the actor sees: the document module answers "not found" for a hidden one.
     */
    Visible read(Actor actor, UUID documentId, Action action, boolean withContent) {
        Documents.Sealed sealed = documents.fetch(documentId, withContent)
                .orElseThrow(() -> new ResourceNotFoundException("No DocumentReference " + documentId));
        UUID dossier = sealed.dossierId();
        Permit permit;
        try {
            permit = gate.authorize(new AccessRequest(actor, action, dossier, reason()), "DocumentReference/" + documentId);
        } catch (Problem refused) {
            // issue #9 row 8: a document the actor may not read does not exist for them (the same 404 as an unknown
            // id, the refusal audited all the same); one they read but may not change may say why (403)
            boolean reads = action != Action.READ_DOCUMENTS && gate.tryAuthorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossier,
                    reason()), "DocumentReference/" + documentId).map(p -> documents.open(p, sealed)).isPresent();
            if (!reads) {
                throw new ResourceNotFoundException("No DocumentReference " + documentId);
            }
            throw refused;
        }
        return new Visible(permit, documents.open(permit, sealed), sealed);
    }

    /** The page of documents the permit's holder sees, at an offset counted in visible documents (the document module filters). */
    List<Documents.Sealed> page(Permit permit, Actor actor, DocumentQuery query, int offset, int count) {
        return documents.page(permit, query, null, offset, count);
    }

    /** An ITI-67 search's page: its index filters in SQL, the others on the rendered resource, both among what the holder sees. */
    List<Documents.Sealed> page(Permit permit, Actor actor, DocumentSearch search, int offset, int count) {
        return documents.page(permit, search.query(), search.matches() == null ? null
                : s -> search.matches().test(DocumentFhirMapper.renderJson(documents.open(permit, s), documents.metadataJson(permit, s))),
                offset, count);
    }

    /**
     * The break-glass reason (EMG-2): the request's {@code X-Carnet-Break-Glass-Reason} header, else
     * the token's {@code break_glass_reason} claim (stated at the token request), so clients whose
     * FHIR library cannot add a header per request can comply.
     */
    static String reason() {
        var attrs = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (attrs instanceof org.springframework.web.context.request.ServletRequestAttributes s) {
            String header = s.getRequest().getHeader("X-Carnet-Break-Glass-Reason");
            if (header != null && !header.isBlank()) {
                return header;
            }
        }
        var auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof org.springframework.security.oauth2.jwt.Jwt jwt) {
            return jwt.getClaimAsString(health.carnet.security.TokenClaims.BREAK_GLASS_REASON);
        }
        return null;
    }
}
