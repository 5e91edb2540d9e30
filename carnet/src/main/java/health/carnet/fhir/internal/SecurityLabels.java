package health.carnet.fhir.internal;

import health.carnet.document.DocumentRules;
import health.carnet.shared.Problem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * DocumentReference.securityLabel read one way, at deposit (ITI-65) and at metadata update (PATCH)
 * alike (issue #10 item 4): a confidentiality of v3-Confidentiality (N, R, V) and the visibility
 * codes of TRE_A07 (by its URL or OID). A coding of another system, or a code not in those value
 * sets, is refused (422): a label Carnet would not enforce must not look accepted.
 *
 * @param confidentiality N when none is given
 * @param visibility      MASQUE_PS, INVISIBLE_PATIENT, INVISIBLE_REPRESENTANTS_LEGAUX
 */
record SecurityLabels(String confidentiality, Set<String> visibility) {

    static SecurityLabels parse(List<CodeableConcept> labels, String where) {
        String confidentiality = "N";
        Set<String> visibility = new LinkedHashSet<>();
        for (CodeableConcept label : labels) {
            for (Coding c : label.getCoding()) {
                String code = c.getCode();
                if (code == null || code.isBlank()) {
                    throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": a security label coding needs its code.");
                }
                if (DocumentRules.CONFIDENTIALITY_SYSTEM.equals(c.getSystem())) {
                    if (!DocumentRules.CONFIDENTIALITY.contains(code)) {
                        throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": confidentiality " + code + " is not N, R or V.");
                    }
                    confidentiality = code;
                } else if (DocumentRules.VISIBILITY_SYSTEM.equals(c.getSystem()) || DocumentRules.VISIBILITY_OID.equals(c.getSystem())) {
                    if (!DocumentRules.VISIBILITY.contains(code)) {
                        throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": visibility " + code + " is not one of "
                                + DocumentRules.VISIBILITY + ".");
                    }
                    visibility.add(code);
                } else {
                    throw new Problem(Problem.Kind.UNPROCESSABLE, where + ": unknown security label " + c.getSystem() + "|" + code
                            + "; use " + DocumentRules.CONFIDENTIALITY_SYSTEM + " or " + DocumentRules.VISIBILITY_SYSTEM + ".");
                }
            }
        }
        return new SecurityLabels(confidentiality, visibility);
    }
}
