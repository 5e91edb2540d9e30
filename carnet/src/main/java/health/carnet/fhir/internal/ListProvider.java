package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.Documents;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import java.time.Instant;
import health.carnet.document.DocumentMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.springframework.stereotype.Component;

/**
 * ITI-66 Find Document Lists (MHD 4.2 §2:3.66): the SubmissionSets of a patient's dossier. MHD:
 * "The Document Responder shall support ... patient or patient.identifier, code, status" and may
 * support the others; Carnet supports {@code patient}, {@code patient.identifier}, {@code code},
 * {@code status}, {@code date}, {@code identifier}, {@code designationType}, {@code source.identifier},
 * PDSm's {@code isArchived}, {@code _count}, {@code _offset}. A set whose documents are all hidden from the asker (masked, not
 * yet announced, hidden from representatives, a class the profession may not read) is hidden too:
 * its date and metadata would betray them (issue #11).
 */
@Component
class ListProvider implements IResourceProvider {

    static final String DESIGNATION_TYPE = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-designationType";
    private static final int CHUNK = 50;

    private final FhirContext fhir;
    private final Gate gate;
    private final Documents documents;
    private final PatientReferences patients;
    private final CurrentActor current;

    ListProvider(FhirContext fhir, Gate gate, Documents documents, PatientReferences patients, CurrentActor current) {
        this.fhir = fhir;
        this.gate = gate;
        this.documents = documents;
        this.patients = patients;
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
        return documents.submissionSet(permit, setId).flatMap(s -> visible(s, permit, actor)).map(Shown::list)
                .orElseThrow(() -> new ResourceNotFoundException("No List " + setId));
    }

    @Search
    public IBundleProvider search(
            @Description(shortDefinition = "The patient: Patient/<id>, or patient.identifier=urn:oid:1.2.250.1.213.1.4.8|<INS>")
            @OptionalParam(name = ListResource.SP_PATIENT, chainWhitelist = {"", "identifier"}) ReferenceParam patient,
            @Description(shortDefinition = "submissionset (https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes); Carnet keeps no folders")
            @OptionalParam(name = ListResource.SP_CODE) TokenOrListParam code,
            @Description(shortDefinition = "current (a SubmissionSet is never retired)")
            @OptionalParam(name = ListResource.SP_STATUS) TokenOrListParam status,
            @Description(shortDefinition = "When the SubmissionSet was received (ge, gt, le, lt, eq)")
            @OptionalParam(name = ListResource.SP_DATE) DateRangeParam date,
            @Description(shortDefinition = "The SubmissionSet's uniqueId")
            @OptionalParam(name = ListResource.SP_IDENTIFIER) TokenParam identifier,
            @Description(shortDefinition = "The clinical activity of the SubmissionSet (MHD designationType extension)")
            @OptionalParam(name = "designationType") TokenOrListParam designationType,
            @Description(shortDefinition = "The author: source.identifier=urn:oid:1.2.250.1.71.4.2.1|<IDNPS>")
            @OptionalParam(name = ListResource.SP_SOURCE, chainWhitelist = {"identifier"}) ReferenceParam source,
            @Description(shortDefinition = "PDSm: true (sets whose visible documents are all archived) or false (the others)")
            @OptionalParam(name = "isArchived") TokenParam isArchived,
            @Count Integer count,
            @Offset Integer offset) {
        Actor actor = current.actor();
        FhirInput.plainReference(patient, "patient");
        if (isArchived != null && !"true".equals(isArchived.getValue()) && !"false".equals(isArchived.getValue())) {
            throw new InvalidRequestException("isArchived is true or false.");
        }
        if (patient == null) {
            throw new InvalidRequestException("ITI-66 needs the patient: patient=Patient/<id> or patient.identifier=<system>|<INS>.");
        }
        UUID dossierId = patients.searched(patient);
        Permit permit = gate.authorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossierId, DocumentAccess.reason()), "List search");
        boolean none = (code != null && code.getValuesAsQueryTokens().stream().noneMatch(t -> "submissionset".equals(t.getValue())))
                || (status != null && status.getValuesAsQueryTokens().stream().noneMatch(t -> "current".equals(t.getValue())));
        Instant from = date == null || date.getLowerBoundAsInstant() == null ? null : date.getLowerBoundAsInstant().toInstant();
        Instant to = date == null || date.getUpperBoundAsInstant() == null ? null : date.getUpperBoundAsInstant().toInstant();
        String uniqueId = identifier == null ? null : identifier.getValue();
        Predicate<Shown> matches = l -> designation(l.list(), designationType) && source(l, source)
                && (isArchived == null || archived(permit, l) == Boolean.parseBoolean(isArchived.getValue()));
        return new OffsetBundleProvider(count, offset, (o, n) -> none ? List.of() : page(permit, actor, from, to, uniqueId, matches, o, n));
    }

    /** The visible, matching sets at a visible offset: hidden sets are neither shown nor counted. */
    private List<ListResource> page(Permit permit, Actor actor, Instant from, Instant to, String uniqueId,
                                    Predicate<Shown> matches, int offset, int count) {
        List<ListResource> out = new ArrayList<>();
        int skipped = 0;
        int dbOffset = 0;
        while (out.size() < count) {
            List<Documents.SubmissionSet> chunk = documents.submissionSets(permit, from, to, uniqueId, dbOffset, CHUNK);
            for (Documents.SubmissionSet s : chunk) {
                Optional<Shown> l = visible(s, permit, actor).filter(matches);
                if (l.isEmpty()) {
                    continue;
                }
                if (skipped < offset) {
                    skipped++;
                } else if (out.size() < count) {
                    out.add(l.get().list());
                }
            }
            if (chunk.size() < CHUNK) {
                break;
            }
            dbOffset += CHUNK;
        }
        return out;
    }

    /** PDSm isArchived for a set: every document it shows is archived. */
    private boolean archived(Permit permit, Shown shown) {
        List<UUID> ids = shown.list().getEntry().stream().map(e -> e.getItem().getReference())
                .filter(r -> r != null && r.startsWith("DocumentReference/"))
                .map(r -> UUID.fromString(r.substring("DocumentReference/".length()))).toList();
        return !ids.isEmpty() && documents.archived(permit, ids).containsAll(ids);
    }

    /** A set as the asker sees it, with the authors (IDNPS) of the documents it shows them. */
    private record Shown(ListResource list, Set<String> authors) {
    }

    /**
     * The submission set, listing only the documents this actor may see (a hidden one is not even
     * named); empty when it lists none the actor may see.
     */
    private Optional<Shown> visible(Documents.SubmissionSet s, Permit permit, Actor actor) {
        ListResource l = fhir.newJsonParser().parseResource(ListResource.class, s.json());
        l.setId(s.id().toString());
        Set<String> authors = new HashSet<>();
        l.getEntry().removeIf(e -> {
            String ref = e.getItem().getReference();
            if (ref == null || !ref.startsWith("DocumentReference/")) {
                return false;
            }
            try {
                UUID docId = UUID.fromString(ref.substring("DocumentReference/".length()));
                // the document module lists in s.documents() only what this permit's holder sees
                Optional<DocumentMeta> m = s.documents().contains(docId) ? documents.find(permit, docId) : Optional.empty();
                m.ifPresent(d -> authors.add(d.authorId()));
                return m.isEmpty();
            } catch (IllegalArgumentException e2) {
                return true;
            }
        });
        return l.getEntry().stream().anyMatch(e -> e.getItem().getReference() != null
                && e.getItem().getReference().startsWith("DocumentReference/")) ? Optional.of(new Shown(l, authors)) : Optional.empty();
    }

    private static boolean designation(ListResource l, TokenOrListParam wanted) {
        if (wanted == null) {
            return true;
        }
        Extension ext = l.getExtensionByUrl(DESIGNATION_TYPE);
        if (ext == null || !(ext.getValue() instanceof org.hl7.fhir.r4.model.CodeableConcept cc)) {
            return false;
        }
        return wanted.getValuesAsQueryTokens().stream().anyMatch(t -> cc.getCoding().stream().anyMatch(c -> t.getValue().equals(c.getCode())
                && (t.getSystem() == null || t.getSystem().isEmpty() || t.getSystem().equals(c.getSystem()))));
    }

    /** MHD: List.source is the SubmissionSet's author; a set that names none is matched by its documents' authors. */
    private static boolean source(Shown shown, ReferenceParam source) {
        if (source == null) {
            return true;
        }
        ListResource l = shown.list();
        String value = source.getValue();
        String system = value.contains("|") ? value.substring(0, value.indexOf('|')) : null;
        String code = value.substring(value.indexOf('|') + 1);
        List<Identifier> ids = new ArrayList<>();
        if (l.getSource().hasIdentifier()) {
            ids.add(l.getSource().getIdentifier());
        }
        for (var c : l.getContained()) {
            if (c instanceof org.hl7.fhir.r4.model.Practitioner p) {
                ids.addAll(p.getIdentifier());
            } else if (c instanceof org.hl7.fhir.r4.model.PractitionerRole r && r.getPractitioner().hasIdentifier()) {
                ids.add(r.getPractitioner().getIdentifier());
            }
        }
        if (ids.isEmpty()) {
            return (system == null || system.isEmpty() || health.carnet.shared.Idnps.SYSTEM.equals(system)) && shown.authors().contains(code);
        }
        return ids.stream().anyMatch(i -> code.equals(i.getValue()) && (system == null || system.isEmpty() || system.equals(i.getSystem())));
    }
}
