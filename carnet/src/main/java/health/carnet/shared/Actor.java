package health.carnet.shared;

/**
 * The authenticated caller of a request, as its token or session says (the security module reads
 * tokens and sessions into one; the access policy decides on it, without Spring). For a professional the
 * directory identity (IDNPS, profession, specialty, structure, role); for a patient or a legal
 * representative their login. Every access decision starts from here.
 *
 * @param kind          professional, patient (or legal representative) or system
 * @param id            IDNPS for a professional, the login id for a patient
 * @param name          display name, for audit and notifications
 * @param profession    TRE_G15 profession code (professionals only)
 * @param specialty     TRE_R38 specialty code, or null
 * @param structure     structure id or FINESS the professional acts for, or null
 * @param role          the role acted in (ACC-1)
 * @param purposeOfUse  TREAT, ETREAT or BTG (EMG-4)
 * @param issuer        the token issuer that vouched for this caller
 */
public record Actor(ActorKind kind, String id, String name, String profession, String specialty, String structure,
                    ActorRole role, PurposeOfUse purposeOfUse, String issuer) {

    public boolean isProfessional() {
        return kind == ActorKind.PROFESSIONAL;
    }

    public boolean isPatient() {
        return kind == ActorKind.PATIENT;
    }
}
