package health.carnet.access;

/**
 * The SPEC rules an access decision can name (SPEC.md §4–§9). The audit trail records {@link #id()};
 * {@code RuleIdsTest} fails when a value is not in SPEC.md or when a SPEC access rule has no test
 * that expects it.
 */
public enum Rule {
    /** The patient (or their legal representative) authenticated with login, password and one-time code. */
    AUT_1,
    /** A professional authenticated with a bearer token from a trusted issuer; nobody unauthenticated. */
    AUT_2,
    ACC_1, ACC_2, ACC_3, ACC_5, ACC_6, ACC_7, ACC_8,
    /** Patient-entered information is the patient's: they write and delete it. */
    DOC_2,
    DOC_4, DOC_5, DOC_6, DOC_7,
    /** Visibility and confidentiality labels are TRE_A07 codes; an unknown one is refused. */
    DOC_9,
    DOS_2, DOS_4, DOS_5, DOS_6,
    EMG_1, EMG_2,
    MIN_2, MIN_3, MIN_4,
    AUD_2;

    /** The id as SPEC.md writes it: {@code ACC-2}. */
    public String id() {
        return name().replace('_', '-');
    }

    /** The rule an id names (as a visibility's {@code hiddenBy} returns it). */
    public static Rule of(String id) {
        return valueOf(id.replace('-', '_'));
    }

    @Override
    public String toString() {
        return id();
    }
}
