package health.carnet.shared;

/**
 * The role someone acts in (ACC-1). Only care roles ever reach clinical content; every other
 * role is refused and the refusal audited. Carried in professionals' tokens as claim {@code role}.
 */
public enum ActorRole {
    /** A health professional acting in a care role. */
    CARE(true),
    /** A SAMU regulator (centre 15): a doctor in a care role with emergency access (EMG-1). */
    REGULATOR(true),
    /** Administrative staff of a practice or establishment. */
    ADMIN(false),
    /** An agent of the health insurer (CPAM): may create a dossier with consent (DOS-2), reads nothing. */
    CPAM(false),
    EMPLOYER(false),
    OCCUPATIONAL_MEDICINE(false),
    MUTUELLE(false),
    INSURER(false),
    BANK(false),
    /** The platform operator: runs Carnet, never reads medical content. */
    OPERATOR(false);

    private final boolean care;

    ActorRole(boolean care) {
        this.care = care;
    }

    public boolean isCare() {
        return care;
    }

    public static ActorRole parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A role is required (one of CARE, REGULATOR, ADMIN, CPAM, ...).");
        }
        try {
            return valueOf(text.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown role '" + text + "'.", e);
        }
    }
}
