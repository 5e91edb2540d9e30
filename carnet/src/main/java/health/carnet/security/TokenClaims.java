package health.carnet.security;

/** Names of the claims Carnet reads from, and its issuer writes into, access tokens (see README). */
public final class TokenClaims {
    public static final String ACTOR_KIND = "actor_kind";
    public static final String IDNPS = "idnps";
    public static final String NAME = "name";
    public static final String PROFESSION = "profession";
    public static final String SPECIALTY = "specialty";
    public static final String STRUCTURE = "structure";
    public static final String ROLE = "role";
    public static final String PURPOSE_OF_USE = "purpose_of_use";
    public static final String PATIENT_LOGIN = "patient_login";

    private TokenClaims() {
    }
}
