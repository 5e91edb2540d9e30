package health.carnet.access;

import java.util.Map;
import java.util.Set;

/**
 * ACC-7: which document classes (TRE_A03) each profession (TRE_G15) may read, like the DMP's
 * matrice d'habilitation. Doctors and midwives read everything; other professions what their
 * practice needs. Professions not listed read only the medical summary and what the patient added.
 */
public record AccessMatrix(Map<String, Set<String>> classesByProfession) {

    public static final String ALL = "*";

    /**
     * The DMP's document classes (JDV_J57, codes of TRE_A03) a matrix may name; the document module's
     * list is the same ({@code AccessMatrixTest} keeps them in step: access may not depend on document).
     */
    public static final Set<String> CLASSES = Set.of("10", "11", "31", "42", "43", "44", "45", "52", "60", "90", "95");

    public AccessMatrix {
        classesByProfession.forEach((profession, classes) -> {
            if (!profession.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("ACC-7 matrix: '" + profession + "' is not a profession code (TRE_G15, e.g. 10, 21, 60).");
            }
            for (String c : classes) {
                if (!ALL.equals(c) && !CLASSES.contains(c)) {
                    throw new IllegalArgumentException("ACC-7 matrix: profession " + profession + " names '" + c
                            + "', which is not a DMP document class " + new java.util.TreeSet<>(CLASSES) + " nor *.");
                }
            }
        });
        classesByProfession = Map.copyOf(classesByProfession);
    }

    public static AccessMatrix defaults() {
        return new AccessMatrix(Map.of(
                "10", Set.of(ALL),                                            // médecin
                "50", Set.of(ALL),                                            // sage-femme
                "21", Set.of("11", "42", "43", "44", "45", "60", "90"),       // pharmacien
                "60", Set.of("10", "11", "42", "43", "44", "45", "90"),       // infirmier
                "40", Set.of("10", "11", "31", "42", "43", "90"),             // chirurgien-dentiste
                "70", Set.of("10", "11", "31", "44", "90")));                 // masseur-kinésithérapeute
    }

    public boolean mayRead(String profession, String classCode) {
        Set<String> classes = classesOf(profession);
        return classes == null || classes.contains(classCode);
    }

    /** The classes this profession reads, or null for every class. */
    public Set<String> classesOf(String profession) {
        Set<String> classes = classesByProfession.getOrDefault(profession, Set.of("11", "90"));
        return classes.contains(ALL) ? null : classes;
    }
}
