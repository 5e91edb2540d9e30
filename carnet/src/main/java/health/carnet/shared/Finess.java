package health.carnet.shared;

import java.util.regex.Pattern;

/**
 * An establishment's FINESS number (ID-3): 9 characters, the department (2 digits, or 2A/2B for
 * Corsica) first and a Luhn check digit last. For Corsica the key is computed with 2A/2B read as 20.
 */
public record Finess(String value) {

    public static final String OID = "1.2.250.1.71.4.2.2";
    public static final String SYSTEM = "urn:oid:" + OID;

    private static final Pattern SHAPE = Pattern.compile("(\\d{2}|2A|2B)\\d{7}");

    public Finess {
        if (value == null || value.isBlank()) {
            throw new InvalidIdentifierException("A FINESS number is required.");
        }
        value = value.trim().toUpperCase();
        if (!SHAPE.matcher(value).matches()) {
            throw new InvalidIdentifierException("A FINESS number has 9 characters: the department (2 digits, or 2A/2B)"
                    + " then 7 digits; got '" + value + "'.");
        }
        if (!Luhn.valid(digitsForKey(value))) {
            throw new InvalidIdentifierException("The FINESS number '" + value + "' fails its check digit: check for a typo.");
        }
    }

    public static Finess of(String value) {
        return new Finess(value);
    }

    /** Completes an 8-character FINESS payload with its check digit: for demo data and tests. */
    public static Finess withCheckDigit(String eight) {
        return new Finess(eight + Luhn.checkDigit(digitsForKey(eight)));
    }

    private static String digitsForKey(String v) {
        return v.startsWith("2A") || v.startsWith("2B") ? "20" + v.substring(2) : v;
    }

    @Override
    public String toString() {
        return value;
    }
}
