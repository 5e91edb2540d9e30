package health.carnet.access;

/** What an actor asks to do on a dossier. */
public enum Action {
    /** Find the patient (PDQm) and read their identity: not clinical content. */
    LOOKUP_PATIENT(false),
    READ_DOCUMENTS(false),
    WRITE_DOCUMENT(true),
    UPDATE_DOCUMENT_METADATA(true),
    DELETE_DOCUMENT(true),
    READ_CONSENTS(false),
    MANAGE_CONSENTS(true),
    READ_HISTORY(false),
    CLOSE_DOSSIER(true),
    REOPEN_DOSSIER(true),
    DESTROY_DOSSIER(true),
    DESIGNATE_MEDECIN_TRAITANT(true),
    EXPORT_DOSSIER(false);

    private final boolean write;

    Action(boolean write) {
        this.write = write;
    }

    public boolean isWrite() {
        return write;
    }
}
