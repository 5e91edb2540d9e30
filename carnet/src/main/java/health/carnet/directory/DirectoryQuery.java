package health.carnet.directory;

import health.carnet.shared.Text;

/**
 * A directory search: every criterion optional, names and cities matched by prefix, case and
 * accents ignored.
 */
public record DirectoryQuery(String name, String specialty, String city, String profession, int offset, int count) {

    public static final int MAX_COUNT = 100;

    public DirectoryQuery {
        name = blankToNull(Text.fold(name));
        city = blankToNull(Text.fold(city));
        specialty = blankToNull(specialty == null ? null : specialty.trim().toUpperCase());
        profession = blankToNull(profession == null ? null : profession.trim());
        if (offset < 0) {
            throw new IllegalArgumentException("The offset of a directory search cannot be negative.");
        }
        if (count <= 0) {
            count = 20;
        }
        count = Math.min(count, MAX_COUNT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
