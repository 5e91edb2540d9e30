package health.carnet.feed;

import java.util.Locale;

/**
 * The kinds of reimbursed care (DOC-3), each coded in its French code system, and the CARIN
 * Blue Button claim type it is shown as. The patient may hide a kind from professionals (FEED-4).
 */
public enum ClaimKind {
    MEDICINE("Médicament délivré", "Medicine dispensed", "pharmacy", "CIP13"),
    CONSULTATION("Consultation", "Consultation", "professional", "NGAP"),
    PROFESSIONAL_ACT("Acte d'un autre professionnel", "Other professional's act", "professional", "NGAP/CCAM"),
    LAB("Examen de biologie", "Lab exam", "professional", "NABM"),
    IMAGING("Imagerie", "Imaging", "professional", "CCAM"),
    STAY("Séjour hospitalier", "Hospital stay", "institutional", "GHM");

    private final String french;
    private final String english;
    private final String carinType;
    private final String codeSystem;

    ClaimKind(String french, String english, String carinType, String codeSystem) {
        this.french = french;
        this.english = english;
        this.carinType = carinType;
        this.codeSystem = codeSystem;
    }

    public String french() {
        return french;
    }

    public String english() {
        return english;
    }

    /** CARIN BB claim type (http://terminology.hl7.org/CodeSystem/claim-type). */
    public String carinType() {
        return carinType;
    }

    public String codeSystem() {
        return codeSystem;
    }

    /** The kind a file or a search names, by its name (MEDICINE, medicine): null when unknown. */
    public static ClaimKind parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
