package health.carnet.shared;

/**
 * The French social-security number (NIR): 13 characters and a 2-digit key (ID-1).
 * The key is 97 - (number mod 97); Corsica's departments 2A and 2B count as 19 and 18.
 *
 * @param value the 15 characters, without spaces
 */
public record Nir(String value) {


    public Nir {
        value = normalise(value);
        if (value.length() != 15) {
            throw new InvalidIdentifierException(
                    "A NIR has 15 characters (13 plus a 2-digit key); got " + value.length() + ".");
        }
        if (!shaped(value)) {
            throw new InvalidIdentifierException("A NIR starts with the sex digit (1 or 2, or 3, 7 or 8 for a temporary"
                    + " number), then year, month, department (2 digits, or 2A/2B), commune and order: digits only"
                    + " apart from 2A/2B; got '" + value + "'.");
        }
        int expected = key(value.substring(0, 13));
        int given = Integer.parseInt(value.substring(13));
        if (expected != given) {
            throw new InvalidIdentifierException(
                    "The NIR key does not match: the first 13 characters give key %02d, not %02d. Check the number."
                            .formatted(expected, given));
        }
    }

    /** The shape {@code [12378]\d{4}(\d{2}|2A|2B)\d{8}} by hand: every dossier read parses one. */
    private static boolean shaped(String v) {
        char first = v.charAt(0);
        if (first != '1' && first != '2' && first != '3' && first != '7' && first != '8') {
            return false;
        }
        for (int i = 1; i < 15; i++) {
            char c = v.charAt(i);
            boolean corsica = i == 6 && v.charAt(5) == '2' && (c == 'A' || c == 'B');
            if (!corsica && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    public static Nir of(String text) {
        return new Nir(text);
    }

    /** The key of a 13-character NIR body, Corsica included. */
    public static int key(String body) {
        String digits = body.toUpperCase();
        if (digits.length() != 13) {
            throw new InvalidIdentifierException("A NIR body has 13 characters; got " + digits.length() + ".");
        }
        String dept = digits.substring(5, 7);
        if (dept.equals("2A")) {
            digits = digits.substring(0, 5) + "19" + digits.substring(7);
        } else if (dept.equals("2B")) {
            digits = digits.substring(0, 5) + "18" + digits.substring(7);
        }
        long number = 0;
        for (int i = 0; i < 13; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidIdentifierException("A NIR body is made of digits (and 2A/2B for Corsica); got '" + body + "'.");
            }
            number = number * 10 + (c - '0');
        }
        return 97 - (int) (number % 97);
    }

    /** Completes a 13-character body with its key: handy for demo data and tests. */
    public static Nir withKey(String body) {
        return new Nir(body + "%02d".formatted(key(body)));
    }

    /** 1 for a man, 2 for a woman (first digit), others for temporary numbers. */
    public char sexDigit() {
        return value.charAt(0);
    }

    private static String normalise(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidIdentifierException("A NIR is required.");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '.' || (c >= 'a' && c <= 'z')) {
                return text.replace(" ", "").replace(".", "").toUpperCase();
            }
        }
        return text;
    }

    @Override
    public String toString() {
        return value;
    }
}
