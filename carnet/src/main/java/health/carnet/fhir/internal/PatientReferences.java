package health.carnet.fhir.internal;

import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.shared.Ins;
import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Resolves how a client names the patient to the dossier: {@code Patient/<id>} (as PDQm returned
 * it), an absolute URL to it, a logical reference by INS identifier, or a Patient in the bundle
 * carrying its INS. The INS is what identifies a patient (ID-2); anything else is refused.
 */
@Component
class PatientReferences {

    private final Dossiers dossiers;

    PatientReferences(Dossiers dossiers) {
        this.dossiers = dossiers;
    }

    /** The patient's identity once the gate permitted the request (a deposit notifies its patient). */
    Dossier identity(Permit permit) {
        return dossiers.identity(permit);
    }

    /** The dossier the reference names: its id only, to ask the gate. */
    UUID dossierId(Reference subject, Map<String, Resource> bundleEntries, String where) {
        if (subject == null || subject.isEmpty()) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": the subject (Patient) is required.");
        }
        if (subject.hasIdentifier()) {
            return insDossier(subject.getIdentifier(), where);
        }
        String ref = subject.getReference();
        if (ref == null) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": the subject must reference the Patient or give its INS.");
        }
        if (bundleEntries.containsKey(ref)) {
            Resource r = bundleEntries.get(ref);
            if (r instanceof Patient p) {
                return p.getIdentifier().stream().filter(i -> i.getSystem() != null && i.getSystem().startsWith("urn:oid:1.2.250.1.213.1.4."))
                        .findFirst().map(i -> insDossier(i, where))
                        .orElseThrow(() -> new Problem(Problem.Kind.UNPROCESSABLE, where + ": the Patient carries no INS."));
            }
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": the subject must be a Patient.");
        }
        int at = ref.lastIndexOf("Patient/");
        if (at < 0) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": the subject must be a Patient reference, not " + ref + ".");
        }
        String id = ref.substring(at + "Patient/".length());
        int slash = id.indexOf('/');
        if (slash >= 0) {
            id = id.substring(0, slash);
        }
        try {
            UUID dossierId = UUID.fromString(id);
            if (!dossiers.exists(dossierId)) {
                throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": unknown patient " + ref + ".");
            }
            return dossierId;
        } catch (IllegalArgumentException e) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": unknown patient " + ref + ".");
        }
    }

    UUID byIns(Identifier identifier, String where) {
        return insDossier(identifier, where);
    }

    private UUID insDossier(Identifier identifier, String where) {
        try {
            Ins ins = Ins.parse(identifier.getSystem(), identifier.getValue());
            Optional<UUID> d = dossiers.locate(ins);
            return d.orElseThrow(() -> new Problem(Problem.Kind.UNPROCESSABLE,
                    where + ": no dossier for INS " + ins.value() + "."));
        } catch (InvalidIdentifierException e) {
            throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": " + e.getMessage());
        }
    }
}
