package health.carnet.web.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.DocumentFacts;
import health.carnet.access.Gate;
import health.carnet.directory.Directory;
import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentQuery;
import health.carnet.document.Documents;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The portal's way to a dossier's documents, the same as the FHIR side's: a permit from the gate
 * (audited), then only what the policy lets this person see (DOC-7, MIN-3), paged over what is
 * visible so that hidden documents neither show nor count.
 */
@Component
class PortalDocuments {

    static final int PAGE = 20;

    private final Gate gate;
    private final Documents documents;
    private final Directory directory;

    PortalDocuments(Gate gate, Documents documents, Directory directory) {
        this.gate = gate;
        this.documents = documents;
        this.directory = directory;
    }

    record Page(List<DocumentCard> cards, boolean hasNext) {
    }

    /** One page of visible documents at a visible offset, newest first (the Documents module keeps only what the permit shows). */
    Page page(Actor me, UUID dossierId, DocumentQuery query, int pageIndex, int size, Locale locale, String target) {
        Permit permit = gate.authorize(new AccessRequest(me, Action.READ_DOCUMENTS, dossierId), target);
        List<Documents.Sealed> found = documents.page(permit, query, pageIndex * size, size + 1);
        List<DocumentCard> cards = found.stream().limit(size)
                .map(s -> DocumentCard.of(documents.open(permit, s), documents.metadataJson(permit, s), directory, locale)).toList();
        return new Page(cards, found.size() > size);
    }

    /** The authors of the dossier's visible documents, for the author filter (index entries only, nothing decrypted). */
    List<String[]> authors(Actor me, UUID dossierId) {
        Permit permit = gate.authorize(new AccessRequest(me, Action.READ_DOCUMENTS, dossierId), "portail: auteurs");
        List<DocumentMeta> metas = documents.search(permit, current(), 0, 2000);
        return metas.stream().filter(m -> "PROFESSIONAL".equals(m.authorKind()) && m.authorId() != null).map(DocumentMeta::authorId)
                .distinct().map(id -> {
                    var p = DocumentCard.professional(directory, id);
                    return new String[] {id, p == null ? id : (p.civility() != null && p.civility().startsWith("D") ? "Dr " : "")
                            + p.displayName() + (p.professionLabel() == null ? "" : " (" + Words.profession(p) + ")")};
                }).sorted((a, b) -> a[1].compareToIgnoreCase(b[1])).toList();
    }

    /** One visible document of this dossier, opened with a read permit; "not found" when hidden or elsewhere. */
    record Opened(Permit permit, DocumentMeta meta, Documents.Sealed sealed) {
    }

    Opened open(Actor me, UUID dossierId, UUID documentId, boolean withContent, String why) {
        Documents.Sealed sealed = documents.fetch(documentId, withContent)
                .filter(s -> s.dossierId().equals(dossierId))
                .orElseThrow(() -> Problem.notFound("No such document."));
        Permit permit = gate.authorize(new AccessRequest(me, Action.READ_DOCUMENTS, dossierId), "DocumentReference/" + documentId
                + (why == null ? "" : " (" + why + ")"));
        DocumentMeta meta = documents.open(permit, sealed); // "not found" when hidden from this person
        if (!meta.isCurrent()) {
            throw Problem.notFound("No such document.");
        }
        return new Opened(permit, meta, sealed);
    }

    DocumentCard card(Opened o, Locale locale) {
        return DocumentCard.of(o.meta(), documents.metadataJson(o.permit(), o.sealed()), directory, locale);
    }

    byte[] content(Opened o) {
        return documents.content(o.permit(), o.sealed());
    }

    /** DOC-5: masks or unmasks for professionals; the gate decides and audits, the change is idempotent. */
    void mask(Actor me, UUID dossierId, UUID documentId, boolean masked) {
        Opened o = open(me, dossierId, documentId, false, null);
        if (o.meta().labels().contains(DocumentFacts.MASQUE_PS) == masked) {
            return; // a second submit of the same form changes nothing
        }
        Permit update = gate.authorize(new AccessRequest(me, Action.UPDATE_DOCUMENT_METADATA, dossierId), "DocumentReference/" + documentId);
        java.util.Set<String> labels = new java.util.LinkedHashSet<>(o.meta().labels());
        java.util.Set<String> added = masked ? java.util.Set.of(DocumentFacts.MASQUE_PS) : java.util.Set.of();
        java.util.Set<String> removed = masked ? java.util.Set.of() : java.util.Set.of(DocumentFacts.MASQUE_PS);
        if (masked) {
            labels.add(DocumentFacts.MASQUE_PS);
        } else {
            labels.remove(DocumentFacts.MASQUE_PS);
        }
        gate.authorizeLabels(update, me, facts(o.meta()), added, removed, false, "DocumentReference/" + documentId);
        documents.updateLabels(update, documentId, o.meta().confidentiality(), labels);
    }

    /** DOC-4: the patient deletes a document (content erased, entry kept as entered-in-error). */
    void delete(Actor me, UUID dossierId, UUID documentId) {
        Opened o = open(me, dossierId, documentId, false, null);
        Permit delete = gate.authorize(new AccessRequest(me, Action.DELETE_DOCUMENT, dossierId), "DocumentReference/" + documentId);
        gate.authorizeDelete(delete, me, facts(o.meta()), "DocumentReference/" + documentId);
        documents.delete(delete, documentId);
    }

    static DocumentQuery current() {
        return new DocumentQuery(java.util.Set.of("current"), null, null, null, null, null, null, null);
    }

    static DocumentFacts facts(DocumentMeta m) {
        return DocumentFacts.of(m.authorKind(), m.authorId(), m.classCode(), m.typeCode(), m.labels(), m.indexedAt());
    }
}
