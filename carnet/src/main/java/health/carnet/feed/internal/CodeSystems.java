package health.carnet.feed.internal;

import health.carnet.feed.ClaimKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a code against the French code system of its kind. CIP13 codes carry an EAN-13 check
 * digit and the French prefix 34009; CCAM, NABM and GHM are checked by their structure; and each
 * against its list when one is in force: the lists shipped in {@code feed/codes/} (NGAP), replaced
 * by the operator's ({@code carnet.feed.codes-dir} with {@code ccam.txt}, {@code nabm.txt},
 * {@code ghm.txt}, {@code ngap.txt}, {@code cip13.txt}: one code a line), since they change every year.
 */
final class CodeSystems {

    /** The lists shipped with Carnet (src/main/resources/feed/codes): redistributable and small. */
    static final String BUILT_IN = "feed/codes/";
    static final String[] LISTS = {"ccam", "nabm", "ghm", "ngap", "cip13"};
    private static final Pattern CCAM = Pattern.compile("[A-Z]{4}\\d{3}");
    private static final Pattern NABM = Pattern.compile("\\d{4}");
    private static final Pattern GHM = Pattern.compile("\\d{2}[CMKZ]\\d{2}[1-4ABCDEJTZ]");
    private static final Pattern CIP13 = Pattern.compile("34009\\d{8}");
    private static final Pattern ATC = Pattern.compile("[A-Z]\\d{2}[A-Z]{2}\\d{2}");

    private final Map<String, Set<String>> lists;

    CodeSystems(Path dir) {
        this.lists = new HashMap<>();
        for (String name : LISTS) {
            // the built-in list, then the operator's (the nomenclatures change every year: theirs wins)
            try (InputStream in = CodeSystems.class.getClassLoader().getResourceAsStream(BUILT_IN + name + ".txt")) {
                if (in != null) {
                    lists.put(name.toUpperCase(Locale.ROOT), read(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the built-in code list " + name, e);
            }
            Path f = dir == null ? null : dir.resolve(name + ".txt");
            if (f != null && Files.isRegularFile(f)) {
                try (var lines = Files.lines(f, StandardCharsets.UTF_8)) {
                    lists.put(name.toUpperCase(Locale.ROOT), read(lines));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the code list " + f, e);
                }
            }
        }
    }

    /** One code a line, its first field ({@code ;} or blank separated); blank lines and {@code #} comments skipped. */
    private static Set<String> read(java.util.stream.Stream<String> lines) {
        return lines.map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#"))
                .map(s -> s.split("[;\\s]")[0].toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Which lists are in force (built in or the operator's), for the logs and docs. */
    Set<String> listed() {
        return lists.keySet();
    }

    /** Null when the code is known in its kind's system, else the reason. */
    String check(ClaimKind kind, String code) {
        return switch (kind) {
            case MEDICINE -> cip13(code);
            case CONSULTATION -> ngap(code);
            case PROFESSIONAL_ACT -> CCAM.matcher(code).matches() ? ccam(code) : ngap(code);
            case LAB -> listed("NABM", code, NABM, "a NABM code has 4 digits");
            case IMAGING -> ccam(code);
            case STAY -> listed("GHM", code, GHM, "a GHM code is like 05M092 (CMD, type, number, level)");
        };
    }

    static String atc(String atc) {
        return atc != null && ATC.matcher(atc).matches() ? null
                : "ATC class '" + atc + "' is not an ATC code of level 5 (like C10AA05)";
    }

    private String cip13(String code) {
        if (!CIP13.matcher(code).matches()) {
            return "CIP13 code '" + code + "' unknown: a CIP13 has 13 digits and starts with 34009";
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (code.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        if ((10 - sum % 10) % 10 != code.charAt(12) - '0') {
            return "CIP13 code '" + code + "' unknown: its check digit is wrong";
        }
        Set<String> list = lists.get("CIP13");
        return list == null || list.contains(code) ? null : "CIP13 code '" + code + "' unknown in the medicines list";
    }

    private String ngap(String code) {
        Set<String> list = lists.get("NGAP");
        return list == null || list.contains(code) ? null : "NGAP code '" + code + "' unknown (e.g. G, C, CS, APC, AMI, AMK)";
    }

    private String ccam(String code) {
        return listed("CCAM", code, CCAM, "a CCAM code is 4 letters and 3 digits (like ZBQK002)");
    }

    private String listed(String system, String code, Pattern shape, String hint) {
        if (!shape.matcher(code).matches()) {
            return system + " code '" + code + "' unknown: " + hint;
        }
        Set<String> list = lists.get(system);
        return list == null || list.contains(code) ? null : system + " code '" + code + "' unknown in the " + system + " list";
    }
}
