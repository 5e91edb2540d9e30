package health.carnet.fhir.internal;

import health.carnet.directory.Activity;
import health.carnet.directory.Directory;
import health.carnet.directory.Professional;
import health.carnet.directory.Structure;
import health.carnet.shared.Actor;
import health.carnet.shared.Finess;
import health.carnet.shared.Idnps;
import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Who may be named author of a deposit (ITI-65, issue #9 row 6), checked against the directory:
 * the depositing professional, or (PDSm: a secretary's or a colleague's software depositing for
 * the structure) a care professional of the same structure; an authorInstitution (an Organization
 * author, or a PractitionerRole's organization) is a structure of the directory, the depositor's or
 * an author's. A patient adding their own document is its author. Anything else (no author, an
 * unknown or malformed IDNPS, an administrative or insurer role, a name alone) is refused with 422
 * before anything is stored.
 */
@Component
class DepositAuthors {

    private final Directory directory;

    DepositAuthors(Directory directory) {
        this.directory = directory;
    }

    /** Checks the authors of one DocumentReference (or of the SubmissionSet, its List.source). */
    void check(List<Reference> authors, DomainResource holder, Map<String, Resource> byFullUrl, Actor actor, String where) {
        if (authors.isEmpty()) {
            throw refused(where + ": author is required.");
        }
        if (actor.isPatient()) {
            for (Reference author : authors) {
                String type = type(author, holder, byFullUrl);
                if (!"Patient".equals(type) && !"RelatedPerson".equals(type)) {
                    throw refused(where + ": a document the patient adds has the patient as author.");
                }
            }
            return;
        }
        List<Professional> people = new ArrayList<>();
        List<String> institutions = new ArrayList<>();
        for (Reference author : authors) {
            Resource r = resolve(author, holder, byFullUrl);
            String type = r != null ? r.fhirType() : type(author, holder, byFullUrl);
            switch (type == null ? "" : type) {
                case "Practitioner" -> people.add(professional(idnps(author, r, where), where));
                case "PractitionerRole" -> {
                    PractitionerRole role = r instanceof PractitionerRole pr ? pr : null;
                    Reference practitioner = role != null ? role.getPractitioner() : author;
                    Resource p = role != null ? resolve(practitioner, role, byFullUrl) : null;
                    people.add(professional(idnps(practitioner, p != null ? p : (role == null ? null : resolve(practitioner, holder, byFullUrl)),
                            where), where));
                    if (role != null && role.hasOrganization()) {
                        institutions.add(structureKey(role.getOrganization(), resolve(role.getOrganization(), role, byFullUrl), where));
                    }
                }
                case "Organization" -> institutions.add(structureKey(author, r, where));
                default -> throw refused(where + ": an author is a Practitioner, a PractitionerRole (with its IDNPS) or an"
                        + " Organization (authorInstitution); got " + (type == null || type.isBlank() ? "a reference without type" : type) + ".");
            }
        }
        if (people.isEmpty()) {
            throw refused(where + ": at least one author is a professional identified by their IDNPS.");
        }
        for (Professional p : people) {
            if (p.activities().stream().noneMatch(a -> a.role() != null && a.role().isCare())) {
                throw refused(where + ": author " + p.idnps().value() + " does not practise as a health professional.");
            }
            if (!p.idnps().value().equals(actor.id()) && p.activities().stream().noneMatch(a -> sameStructure(a, actor.structure()))) {
                throw refused(where + ": author " + p.idnps().value() + " is neither you nor a professional of your structure.");
            }
        }
        for (String key : institutions) {
            boolean ours = key.equals(actor.structure()) || people.stream().flatMap(p -> p.activities().stream())
                    .anyMatch(a -> sameStructure(a, key));
            if (!ours) {
                throw refused(where + ": authorInstitution " + key + " is neither your structure nor an author's.");
            }
        }
    }

    private static boolean sameStructure(Activity a, String key) {
        Structure s = a.structure();
        return key != null && s != null && (key.equals(s.id()) || key.equals(s.finess()));
    }

    private Professional professional(String idnps, String where) {
        try {
            Idnps id = Idnps.of(idnps);
            return directory.professional(id).orElseThrow(() -> refused(where + ": author " + id.value() + " is not in the directory."));
        } catch (InvalidIdentifierException e) {
            throw refused(where + ": the author's IDNPS is not valid (" + e.getMessage() + ")");
        }
    }

    /** The IDNPS of a Practitioner: its reference id (Practitioner/&lt;IDNPS&gt;), its identifier, or the bundled resource's. */
    private static String idnps(Reference ref, Resource resolved, String where) {
        List<Identifier> ids = new ArrayList<>();
        if (ref != null && ref.hasIdentifier()) {
            ids.add(ref.getIdentifier());
        }
        if (resolved instanceof Practitioner p) {
            ids.addAll(p.getIdentifier());
        }
        Optional<String> byIdentifier = ids.stream().filter(i -> Idnps.SYSTEM.equals(i.getSystem()) && i.hasValue())
                .map(Identifier::getValue).findFirst();
        if (byIdentifier.isPresent()) {
            return byIdentifier.get();
        }
        if (resolved == null && ref != null && ref.hasReference() && ref.getReference().startsWith("Practitioner/")) {
            return ref.getReference().substring("Practitioner/".length());
        }
        throw refused(where + ": the author is identified by their IDNPS (identifier " + Idnps.SYSTEM + ").");
    }

    /** A structure of the directory named by FINESS, by its id, or as Organization/&lt;id&gt;. */
    private String structureKey(Reference ref, Resource resolved, String where) {
        List<Identifier> ids = new ArrayList<>();
        if (ref.hasIdentifier()) {
            ids.add(ref.getIdentifier());
        }
        if (resolved instanceof Organization o) {
            ids.addAll(o.getIdentifier());
        }
        String key = ids.stream().filter(Identifier::hasValue).map(Identifier::getValue).findFirst()
                .orElse(resolved == null && ref.hasReference() && ref.getReference().startsWith("Organization/")
                        ? ref.getReference().substring("Organization/".length()) : null);
        if (key == null) {
            throw refused(where + ": authorInstitution is identified by its FINESS (identifier " + Finess.SYSTEM + ") or its structure id.");
        }
        String found = key;
        return directory.structure(key).map(s -> s.finess() != null && s.finess().equals(found) ? s.finess() : s.id())
                .orElseThrow(() -> refused(where + ": authorInstitution " + found + " is not in the directory."));
    }

    /** The type an author reference names: its resolved resource, its literal reference, or its type element. */
    private static String type(Reference ref, DomainResource holder, Map<String, Resource> byFullUrl) {
        Resource r = resolve(ref, holder, byFullUrl);
        if (r != null) {
            return r.fhirType();
        }
        if (ref.hasReference() && ref.getReference().indexOf('/') > 0) {
            String[] parts = ref.getReference().split("/");
            return parts.length >= 2 ? parts[parts.length - 2] : null;
        }
        if (ref.hasType()) {
            return ref.getType();
        }
        return ref.hasIdentifier() && Idnps.SYSTEM.equals(ref.getIdentifier().getSystem()) ? "Practitioner"
                : ref.hasIdentifier() && Finess.SYSTEM.equals(ref.getIdentifier().getSystem()) ? "Organization" : null;
    }

    /** A contained resource (#id) or an entry of the bundle (its fullUrl). */
    private static Resource resolve(Reference ref, DomainResource holder, Map<String, Resource> byFullUrl) {
        if (ref == null || !ref.hasReference()) {
            return null;
        }
        String r = ref.getReference();
        if (r.startsWith("#")) {
            return holder == null ? null : holder.getContained().stream()
                    .filter(c -> c.getIdElement().getIdPart() != null && r.substring(1).equals(c.getIdElement().getIdPart().replace("#", "")))
                    .findFirst().orElse(null);
        }
        return byFullUrl.get(r);
    }

    private static Problem refused(String message) {
        return new Problem(Problem.Kind.UNPROCESSABLE, message);
    }
}
