package health.carnet.shared;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What the holder of a {@link Permit} may see of a dossier's documents, decided by the access policy
 * with the permit (DOC-5, DOC-7, MIN-3, ACC-7) and applied by the module that owns the rows: a search
 * drops what is hidden (neither shown nor counted), a read by id answers "not found". Deciding apart
 * from filtering, as HAPI's consent service does: the policy fills this in, nobody else has to remember it.
 *
 * @param author               documents deposited by this professional (IDNPS) are always visible to them (DOC-5); null for patients
 * @param hideMasked           documents labelled {@code MASQUE_PS} are hidden (DOC-5: every professional but the author and extended rights)
 * @param unannouncedSince     documents labelled {@code INVISIBLE_PATIENT} deposited after this instant (or at an unknown time)
 *                             are hidden (DOC-7: the patient sees them a month after the deposit at the latest); null hides none
 * @param hideFromRepresentatives documents labelled {@code INVISIBLE_REPRESENTANTS_LEGAUX} are hidden (MIN-3)
 * @param classes              the document classes (TRE_A03) the holder reads (ACC-7); null for every class
 */
public record Visibility(String author, boolean hideMasked, Instant unannouncedSince, boolean hideFromRepresentatives,
                         Set<String> classes) {

    public static final String MASQUE_PS = "MASQUE_PS";
    public static final String INVISIBLE_PATIENT = "INVISIBLE_PATIENT";
    public static final String INVISIBLE_REPRESENTANTS_LEGAUX = "INVISIBLE_REPRESENTANTS_LEGAUX";

    /** Sees no document at all: the default of a permit that is not about documents' content. */
    public static final Visibility NOTHING = new Visibility(null, true, Instant.MIN, true, Set.of());

    public Visibility {
        classes = classes == null ? null : Set.copyOf(classes);
    }

    /**
     * The rule that hides a document from the holder, or empty when they may see it.
     *
     * @param authorIdnps the professional who deposited it, or null (a patient's or the insurer's)
     * @param classCode   its TRE_A03 class
     * @param labels      its visibility labels
     * @param depositedAt when it was deposited, or null
     */
    public Optional<String> hiddenBy(String authorIdnps, String classCode, Set<String> labels, Instant depositedAt) {
        if (author != null && author.equals(authorIdnps)) {
            return Optional.empty();
        }
        if (unannouncedSince != null && labels.contains(INVISIBLE_PATIENT)
                && (depositedAt == null || depositedAt.isAfter(unannouncedSince))) {
            return Optional.of("DOC-7");
        }
        if (hideFromRepresentatives && labels.contains(INVISIBLE_REPRESENTANTS_LEGAUX)) {
            return Optional.of("MIN-3");
        }
        if (hideMasked && labels.contains(MASQUE_PS)) {
            return Optional.of("DOC-5");
        }
        if (classes != null && !classes.contains(classCode)) {
            return Optional.of("ACC-7");
        }
        return Optional.empty();
    }

    public boolean shows(String authorIdnps, String classCode, Set<String> labels, Instant depositedAt) {
        return hiddenBy(authorIdnps, classCode, labels, depositedAt).isEmpty();
    }
}
