package health.carnet.access;

import health.carnet.shared.Visibility;
import java.time.Instant;
import java.util.Set;

/**
 * What the policy needs to know about one document.
 *
 * @param authorIdnps  IDNPS of the professional who deposited it, or null (patient, insurer)
 * @param classCode    TRE_A03 class code (10 report, 11 summary, 60 reimbursement, ...)
 * @param typeCode     LOINC type code
 * @param labels       visibility labels: MASQUE_PS, INVISIBLE_PATIENT, INVISIBLE_REPRESENTANTS_LEGAUX
 * @param depositedAt  when it was deposited (DOC-7: invisible to the patient at most one month)
 */
public record DocumentFacts(String authorIdnps, String classCode, String typeCode, Set<String> labels, Instant depositedAt) {
    public static final String MASQUE_PS = Visibility.MASQUE_PS;
    public static final String INVISIBLE_PATIENT = Visibility.INVISIBLE_PATIENT;
    public static final String INVISIBLE_REPRESENTANTS_LEGAUX = Visibility.INVISIBLE_REPRESENTANTS_LEGAUX;

    /** The facts of a stored document: only a professional's deposit has an author the rules know (DOC-4, DOC-5). */
    public static DocumentFacts of(String authorKind, String authorId, String classCode, String typeCode, Set<String> labels,
                                   Instant depositedAt) {
        return new DocumentFacts("PROFESSIONAL".equals(authorKind) ? authorId : null, classCode, typeCode, labels, depositedAt);
    }
}
