package health.carnet.shared;

/**
 * Purpose of use (v3-ActReason) carried by a token, and the French access mode it maps to (JDV_J38,
 * EMG-4): TREAT = normal, ETREAT = centre_15 (regulator), BTG = bris_de_glace.
 */
public enum PurposeOfUse {
    TREAT("normal"),
    ETREAT("centre_15"),
    BTG("bris_de_glace");

    public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public static final String ACCESS_MODE_OID = "1.2.250.1.213.1.1.4.336";

    private final String accessMode;

    PurposeOfUse(String accessMode) {
        this.accessMode = accessMode;
    }

    /** The JDV_J38 access mode: {@code normal}, {@code centre_15} or {@code bris_de_glace}. */
    public String accessMode() {
        return accessMode;
    }

    public static PurposeOfUse parse(String text) {
        for (PurposeOfUse p : values()) {
            if (p.name().equalsIgnoreCase(text) || p.accessMode.equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown purpose of use '" + text + "': use TREAT, ETREAT or BTG.");
    }
}
