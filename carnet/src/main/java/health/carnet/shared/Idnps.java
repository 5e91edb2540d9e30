package health.carnet.shared;

import java.util.regex.Pattern;

/**
 * A health professional's national identifier as exchanged (ID-3): {@code 8} + RPPS (11 digits,
 * Luhn check digit) or {@code 0} + ADELI (9 characters). FHIR system {@link #SYSTEM}.
 */
public record Idnps(String value) {

    public static final String OID = "1.2.250.1.71.4.2.1";
    public static final String SYSTEM = "urn:oid:" + OID;

    private static final Pattern ADELI = Pattern.compile("(\\d{2}|2A|2B)\\d{7}");

    public Idnps {
        if (value == null || value.isBlank()) {
            throw new InvalidIdentifierException("A professional identifier (IDNPS) is required.");
        }
        value = value.trim().toUpperCase();
        if (value.startsWith("8")) {
            checkRpps(value.substring(1));
        } else if (value.startsWith("0")) {
            checkAdeli(value.substring(1));
        } else {
            throw new InvalidIdentifierException("An IDNPS starts with 8 (then the 11-digit RPPS) or 0 (then the"
                    + " 9-character ADELI); got '" + value + "'.");
        }
    }

    public static Idnps of(String value) {
        return new Idnps(value);
    }

    public static Idnps rpps(String rpps) {
        checkRpps(rpps);
        return new Idnps("8" + rpps);
    }

    public static Idnps adeli(String adeli) {
        checkAdeli(adeli);
        return new Idnps("0" + adeli);
    }

    /** Completes a 10-digit RPPS payload with its Luhn check digit: for demo data and tests. */
    public static String rppsWithCheckDigit(String tenDigits) {
        return tenDigits + Luhn.checkDigit(tenDigits);
    }

    public boolean isRpps() {
        return value.startsWith("8");
    }

    /** The RPPS or ADELI number without its prefix. */
    public String number() {
        return value.substring(1);
    }

    static void checkRpps(String rpps) {
        if (rpps == null || !rpps.matches("\\d{11}")) {
            throw new InvalidIdentifierException("An RPPS number has exactly 11 digits; got '" + rpps + "'.");
        }
        if (!Luhn.valid(rpps)) {
            throw new InvalidIdentifierException("The RPPS number '" + rpps + "' fails its check digit (Luhn): check for a typo.");
        }
    }

    static void checkAdeli(String adeli) {
        if (adeli == null || !ADELI.matcher(adeli.toUpperCase()).matches()) {
            throw new InvalidIdentifierException("An ADELI number has 9 characters: the department (2 digits, or 2A/2B)"
                    + " then 7 digits; got '" + adeli + "'.");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
