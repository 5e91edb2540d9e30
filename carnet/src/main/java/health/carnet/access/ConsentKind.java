package health.carnet.access;

/** The kinds of the patient's consents (exchanged as FHIR Consent, IHE PCF). */
public enum ConsentKind {
    /** ACC-2: a professional may reach the dossier. */
    AUTHORISE,
    /** ACC-5: an establishment's care team may reach the dossier. */
    AUTHORISE_STRUCTURE,
    /** ACC-3: a professional is refused everything, emergency included. */
    BLOCK,
    /** DOC-6: a professional's deposits are refused (a reason is required). */
    OPPOSE_DEPOSIT,
    /** ACC-6: a professional gets the médecin traitant's extended rights. */
    EXTENDED_RIGHTS,
    /** EMG-1: the SAMU regulator may not reach the dossier. */
    REGULATOR_OPT_OUT,
    /** EMG-2: no break-glass access. */
    BREAK_GLASS_OPT_OUT;

    public boolean needsSubject() {
        return this != REGULATOR_OPT_OUT && this != BREAK_GLASS_OPT_OUT;
    }
}
