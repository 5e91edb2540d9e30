package health.carnet.access;

/** What an actor asks to do on a dossier. */
public enum Action {
    /** Find the patient (PDQm) and read their identity: not clinical content. */
    LOOKUP_PATIENT(false),
    READ_DOCUMENTS(false),
    WRITE_DOCUMENT(true),
    UPDATE_DOCUMENT_METADATA(true),
    DELETE_DOCUMENT(true),
    /** Patient-entered information (DOC-2): written and deleted by the patient only, read like documents. */
    WRITE_PATIENT_ENTRY(true),
    DELETE_PATIENT_ENTRY(true),
    READ_CONSENTS(false),
    MANAGE_CONSENTS(true),
    /** Record or revoke a block (ACC-3): the patient, or the médecin traitant at their request (ACC-6). */
    MANAGE_BLOCKS(true),
    READ_HISTORY(false),
    CLOSE_DOSSIER(true),
    REOPEN_DOSSIER(true),
    DESTROY_DOSSIER(true),
    DESIGNATE_MEDECIN_TRAITANT(true),
    EXPORT_DOSSIER(false),
    /** Create a dossier for a patient who is present (DOS-2, DOS-4): decided without a dossier's facts. */
    CREATE_DOSSIER(true);

    private final boolean write;

    Action(boolean write) {
        this.write = write;
    }

    public boolean isWrite() {
        return write;
    }
}
