package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import health.carnet.access.AccessPolicy;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Decision;
import health.carnet.access.Gate;
import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentRules;
import health.carnet.document.Documents;
import health.carnet.document.NewDocument;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * IHE MHD ITI-65 Provide Document Bundle, as the French profile PDSm constrains it: a transaction
 * Bundle with one SubmissionSet List, one or more DocumentReference and their Binary (or inline
 * data). Everything is validated before anything is stored; then the deposit is one transaction.
 */
@Component
class ProvideDocumentBundle implements PlainProvider {

    static final String SUBMISSION_SET_CODE_SYSTEM = "https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes";

    private final FhirContext fhir;
    private final Gate gate;
    private final Documents documents;
    private final PatientReferences patients;
    private final CurrentActor current;
    private final Clock clock;
    private final DepositAuthors authors;
    private final FhirInput input;

    ProvideDocumentBundle(FhirContext fhir, Gate gate, Documents documents, PatientReferences patients, CurrentActor current,
                          Clock clock, DepositAuthors authors, FhirInput input) {
        this.authors = authors;
        this.input = input;
        this.fhir = fhir;
        this.gate = gate;
        this.documents = documents;
        this.patients = patients;
        this.current = current;
        this.clock = clock;
    }

    @Transaction
    public Bundle provide(@TransactionParam Bundle bundle, jakarta.servlet.http.HttpServletRequest request) {
        Actor actor = current.actor();
        // HAPI's pre-handled hook does not see a transaction's bundle: the same input check, here
        input.check(bundle);
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            throw Problem.invalid("ITI-65 takes a Bundle of type 'transaction', not '"
                    + (bundle.getType() == null ? "none" : bundle.getType().toCode()) + "'.");
        }
        Map<String, Resource> byFullUrl = new HashMap<>();
        // the contents InlineContent decoded before HAPI parsed the bundle, handed over by value
        InlineContent.Decoded decoded = InlineContent.Decoded.of(request);
        List<ListResource> lists = new ArrayList<>();
        List<Bundle.BundleEntryComponent> docEntries = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            Resource r = e.getResource();
            if (r == null) {
                throw Problem.invalid("Every entry of the bundle carries a resource.");
            }
            if (e.getRequest() == null || e.getRequest().getMethod() != Bundle.HTTPVerb.POST) {
                throw Problem.invalid("Every entry of an ITI-65 bundle is a POST (entry " + r.fhirType() + ").");
            }
            if (e.hasFullUrl()) {
                byFullUrl.put(e.getFullUrl(), r);
            }
            if (r instanceof ListResource l) {
                lists.add(l);
            } else if (r instanceof DocumentReference) {
                docEntries.add(e);
            } else if (!(r instanceof Binary) && !(r instanceof org.hl7.fhir.r4.model.Patient)
                    && !(r instanceof org.hl7.fhir.r4.model.Practitioner) && !(r instanceof org.hl7.fhir.r4.model.PractitionerRole)
                    && !(r instanceof org.hl7.fhir.r4.model.Organization)) {
                throw Problem.invalid("An ITI-65 bundle holds a List, DocumentReferences and Binaries, not "
                        + r.fhirType() + ".");
            }
        }
        if (lists.size() != 1) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, "An ITI-65 bundle holds exactly one SubmissionSet List; found " + lists.size() + ".");
        }
        if (docEntries.isEmpty()) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, "An ITI-65 bundle holds at least one DocumentReference.");
        }
        ListResource list = lists.get(0);
        if (list.getCode().getCoding().stream().noneMatch(c -> "submissionset".equals(c.getCode()))) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, "The List must be a SubmissionSet (code submissionset of "
                    + SUBMISSION_SET_CODE_SYSTEM + ").");
        }
        String setIdentifier = list.getIdentifier().stream().filter(i -> i.getUse() == org.hl7.fhir.r4.model.Identifier.IdentifierUse.USUAL)
                .findFirst().or(() -> list.getIdentifier().stream().findFirst()).map(i -> i.getValue())
                .orElseThrow(() -> new Problem(Problem.Kind.UNPROCESSABLE, "The SubmissionSet needs its uniqueId (identifier, use usual)."));
        UUID dossierId = patients.dossierId(list.getSubject(), byFullUrl, "SubmissionSet.subject");

        List<NewDocument> toStore = new ArrayList<>();
        Set<String> identifiers = new HashSet<>();
        Map<String, UUID> idByFullUrl = new HashMap<>();
        for (Bundle.BundleEntryComponent e : docEntries) {
            DocumentReference d = (DocumentReference) e.getResource();
            NewDocument doc = validate(d, byFullUrl, dossierId, list.getSubject(), actor, decoded);
            if (!identifiers.add(doc.masterIdentifier())) {
                throw new Problem(Problem.Kind.UNPROCESSABLE, "Two DocumentReferences share masterIdentifier " + doc.masterIdentifier() + ".");
            }
            toStore.add(doc);
            idByFullUrl.put(e.getFullUrl(), doc.id());
        }
        // the audit names the documents by id too, so a history read can leave out those hidden from its reader
        // fails closed: content decoded ahead that no document took is an error, never dropped or stored as a placeholder
        decoded.requireAllTaken();
        Permit permit = gate.authorize(new AccessRequest(actor, Action.WRITE_DOCUMENT, dossierId),
                toStore.size() + " document(s) " + String.join(",", identifiers) + " "
                        + String.join(",", toStore.stream().map(n -> "DocumentReference/" + n.id()).toList()));
        // issue #9 row 6: the authors, once the depositor may write here (a refused depositor learns nothing of the directory)
        if (list.hasSource()) {
            authors.check(List.of(list.getSource()), list, byFullUrl, actor, "SubmissionSet.source (author)");
        }
        for (Bundle.BundleEntryComponent e : docEntries) {
            DocumentReference d = (DocumentReference) e.getResource();
            authors.check(d.getAuthor(), d, byFullUrl, actor, "DocumentReference " + d.getMasterIdentifier().getValue());
        }
        for (NewDocument doc : toStore) {
            if (doc.replaces() != null) {
                // DOC-4: only the author replaces; a document hidden from the depositor is "not of this patient" to them
                // the document module answers "not found" for a document hidden from the permit's holder
                DocumentMeta old = documents.find(permit, doc.replaces())
                        .orElseThrow(() -> new Problem(Problem.Kind.UNPROCESSABLE, "relatesTo replaces DocumentReference/"
                                + doc.replaces() + ", which is not a document of this patient."));
                gate.authorizeReplace(permit, actor, DocumentFhirMapper.facts(old), "DocumentReference/" + old.id());
            }
        }
        ListResource storedList = list.copy();
        storedList.setSubject(new Reference("Patient/" + dossierId));
        storedList.getEntry().forEach(en -> {
            UUID id = idByFullUrl.get(en.getItem().getReference());
            if (id != null) {
                en.getItem().setReference("DocumentReference/" + id);
            }
        });
        List<DocumentMeta> stored = documents.deposit(permit, patients.identity(permit), toStore, setIdentifier,
                fhir.newJsonParser().encodeResourceToString(storedList));
        return response(bundle, idByFullUrl, stored);
    }

    private NewDocument validate(DocumentReference d, Map<String, Resource> byFullUrl, UUID dossierId, Reference setSubject,
                                 Actor actor, InlineContent.Decoded decoded) {
        String where = "DocumentReference " + (d.hasMasterIdentifier() ? d.getMasterIdentifier().getValue() : "(no masterIdentifier)");
        if (!d.hasMasterIdentifier() || !d.getMasterIdentifier().hasValue()) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": masterIdentifier (the document's uniqueId) is required.");
        }
        if (d.getStatus() != Enumerations.DocumentReferenceStatus.CURRENT) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": status must be 'current'.");
        }
        // the same reference as the SubmissionSet's names the same patient: no second look-up
        UUID subject = d.getSubject().equalsDeep(setSubject) ? dossierId : patients.dossierId(d.getSubject(), byFullUrl, where + " subject");
        if (!subject.equals(dossierId)) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": its patient differs from the SubmissionSet's.");
        }
        String type = code(d.getType(), DocumentRules.LOINC, null)
                .orElseThrow(() -> new Problem(Problem.Kind.UNPROCESSABLE, where + ": type needs a LOINC code (system http://loinc.org)."));
        String classCode = d.getCategory().stream().map(c -> code(c, DocumentRules.CLASS_SYSTEM, DocumentRules.CLASS_OID))
                .flatMap(java.util.Optional::stream).findFirst()
                .orElseThrow(() -> new Problem(Problem.Kind.UNPROCESSABLE, where + ": category needs a class code of TRE_A03 ("
                        + DocumentRules.CLASS_SYSTEM + ")."));
        if (!DocumentRules.CLASS_CODES.containsKey(classCode)) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": class code " + classCode + " is not in JDV_J57 "
                    + DocumentRules.CLASS_CODES.keySet() + ".");
        }
        if (d.getAuthor().isEmpty()) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": author is required.");
        }
        if (!d.hasDate()) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": date is required.");
        }
        if (d.getContent().size() != 1 || !d.getContentFirstRep().hasAttachment()) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": exactly one content with an attachment is required.");
        }
        Attachment a = d.getContentFirstRep().getAttachment();
        String contentType = a.getContentType();
        if (contentType == null || !DocumentRules.CONTENT_TYPES.contains(contentType.split(";")[0].trim())) {
            throw new Problem(Problem.Kind.UNSUPPORTED_MEDIA, where + ": content type '" + contentType + "' is not accepted; use one of "
                    + DocumentRules.CONTENT_TYPES + ".");
        }
        byte[] bytes;
        if (a.hasData()) {
            bytes = decoded.content(a.getData());
        } else if (a.hasUrl() && byFullUrl.get(a.getUrl()) instanceof Binary b) {
            if (b.getContentType() != null && !b.getContentType().equals(contentType)) {
                throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": the Binary's contentType " + b.getContentType()
                        + " differs from the attachment's " + contentType + ".");
            }
            bytes = decoded.content(b.getData());
        } else {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": the attachment's url must name a Binary of the bundle (or carry data).");
        }
        if (bytes == null || bytes.length == 0) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": the document is empty.");
        }
        if (bytes.length > DocumentRules.MAX_CONTENT_BYTES) {
            throw new Problem(Problem.Kind.TOO_LARGE, where + ": the document is over 20 MiB.");
        }
        if (a.hasSize() && a.getSize() != bytes.length) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": attachment.size is " + a.getSize() + " but the content has "
                    + bytes.length + " bytes.");
        }
        String hash = Documents.sha1(bytes);
        if (a.hasHash() && !Base64.getEncoder().encodeToString(a.getHash()).equals(hash)) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": attachment.hash does not match the content's SHA-1 (" + hash + ").");
        }
        SecurityLabels parsedLabels = SecurityLabels.parse(d.getSecurityLabel(), where);
        String confidentiality = parsedLabels.confidentiality();
        Set<String> labels = parsedLabels.visibility();
        Decision labelRule = AccessPolicy.depositLabels(actor, classCode, labels);
        if (!labelRule.permitted()) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": " + labelRule.reason());
        }
        UUID replaces = null;
        for (DocumentReference.DocumentReferenceRelatesToComponent rel : d.getRelatesTo()) {
            if (rel.getCode() == DocumentReference.DocumentRelationshipType.REPLACES) {
                String target = rel.getTarget().getReference();
                try {
                    replaces = UUID.fromString(target.substring(target.lastIndexOf('/') + 1));
                } catch (RuntimeException e) {
                    throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": relatesTo.target must be DocumentReference/<id>.");
                }
            }
        }
        UUID id = UUID.randomUUID();
        String format = d.getContentFirstRep().hasFormat() ? d.getContentFirstRep().getFormat().getCode() : null;
        DocumentReference stored = d.copy();
        stored.setId(id.toString());
        stored.setSubject(new Reference("Patient/" + dossierId));
        stored.getContentFirstRep().getAttachment().setData(null).setUrl("Binary/" + id);
        Instant start = d.getContext().hasPeriod() && d.getContext().getPeriod().hasStart()
                ? d.getContext().getPeriod().getStart().toInstant() : null;
        return new NewDocument(id, d.getMasterIdentifier().getValue(), actor.isPatient() ? "PATIENT" : "PROFESSIONAL", actor.id(),
                classCode, type, confidentiality, labels, contentType, format, clock.instant(), start, replaces,
                fhir.newJsonParser().encodeResourceToString(stored), bytes);
    }

    private static java.util.Optional<String> code(CodeableConcept concept, String system, String altSystem) {
        return concept.getCoding().stream()
                .filter(c -> system.equals(c.getSystem()) || (altSystem != null && altSystem.equals(c.getSystem())))
                .map(Coding::getCode).filter(c -> c != null && !c.isBlank()).findFirst();
    }

    private Bundle response(Bundle request, Map<String, UUID> idByFullUrl, List<DocumentMeta> stored) {
        Bundle out = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        UUID setId = stored.get(0).submissionSet();
        Map<String, UUID> binaries = new HashMap<>();
        for (Bundle.BundleEntryComponent e : request.getEntry()) {
            if (e.getResource() instanceof DocumentReference d && d.getContentFirstRep().getAttachment().hasUrl()) {
                binaries.put(d.getContentFirstRep().getAttachment().getUrl(), idByFullUrl.get(e.getFullUrl()));
            }
        }
        for (Bundle.BundleEntryComponent e : request.getEntry()) {
            Resource r = e.getResource();
            String location = null;
            if (r instanceof ListResource) {
                location = "List/" + setId;
            } else if (r instanceof DocumentReference) {
                location = "DocumentReference/" + idByFullUrl.get(e.getFullUrl()) + "/_history/1";
            } else if (r instanceof Binary && binaries.containsKey(e.getFullUrl())) {
                location = "Binary/" + binaries.get(e.getFullUrl());
            }
            Bundle.BundleEntryResponseComponent answer = out.addEntry().getResponse().setStatus("201 Created");
            if (location != null) {
                answer.setLocation(location);
            }
            answer.setLastModified(java.util.Date.from(clock.instant()));
        }
        return out;
    }
}
