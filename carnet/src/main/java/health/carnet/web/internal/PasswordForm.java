package health.carnet.web.internal;

/**
 * The one password rule of the portal's forms (initial password, account page, online creation,
 * forgotten password): 12 characters at least, different from the current one, typed twice alike.
 * Checked here first so the patient gets the message beside the field; the login module checks again.
 */
final class PasswordForm {

    static final int MIN_LENGTH = 12;

    private PasswordForm() {
    }

    /** The message key of what is wrong, or null; {@code current} may be null when there is none to compare. */
    static String check(String current, String next, String confirmation) {
        if (!next.equals(confirmation)) {
            return "motDePasse.differents";
        }
        if (next.length() < MIN_LENGTH || next.equals(current)) {
            return "motDePasse.regle";
        }
        return null;
    }

    /** The model attribute (and so the field) a message key belongs to, as the fragment {@code portail/mot-de-passe-champs} reads it. */
    static String field(String key) {
        return switch (key) {
            case "motDePasse.differents" -> "erreurConfirmation";
            case "motDePasse.actuelFaux", "connexion.bloque" -> "erreurActuel";
            default -> "erreurNouveau";
        };
    }
}
