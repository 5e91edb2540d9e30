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
    /**
     * When a patient's token was issued, in milliseconds: {@code iat} is in whole seconds, too coarse
     * to tell a token issued just before a password reset from one issued just after it.
     */
    public static final String ISSUED_AT_MS = "iat_ms";
    /**
     * EMG-2: the reason of a break-glass access, stated when the token was asked for (form
     * parameter {@code break_glass_reason} of the token request, with scope {@code purpose.BTG}), for
     * clients whose FHIR library cannot add the {@code X-Carnet-Break-Glass-Reason} header per request.
     */
    public static final String BREAK_GLASS_REASON = "break_glass_reason";

    private TokenClaims() {
    }
}
