package health.carnet.bench;

import health.carnet.shared.Finess;
import health.carnet.shared.Idnps;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a synthetic extract shaped like the public directory file (the real 56-column header,
 * pipe-separated, trailing pipe), to measure the importer and the search at national scale:
 * {@code java -cp ... health.carnet.bench.DirectoryExtractGenerator <file> <lines>}.
 */
public final class DirectoryExtractGenerator {

    static final String[] LAST = {"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
            "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont",
            "Lambert", "Fontaine", "Rousseau", "Vincent", "Müller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin",
            "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin"};
    static final String[] FIRST = {"Claire", "Hugo", "Émilie", "Julien", "Sophie", "Antoine", "Camille", "Nicolas", "Léa", "Lucas",
            "Manon", "Théo", "Chloé", "Louis", "Inès", "Gabriel", "Jade", "Arthur", "Louise", "Paul"};
    static final String[][] CITIES = {{"75056", "Paris"}, {"69123", "Lyon"}, {"13055", "Marseille"}, {"31555", "Toulouse"},
            {"06088", "Nice"}, {"44109", "Nantes"}, {"67482", "Strasbourg"}, {"34172", "Montpellier"}, {"33063", "Bordeaux"},
            {"59350", "Lille"}, {"35238", "Rennes"}, {"51454", "Reims"}, {"2A004", "Ajaccio"}, {"76351", "Le Havre"}};
    static final String[][] PROFESSIONS = {{"10", "Médecin"}, {"10", "Médecin"}, {"10", "Médecin"}, {"21", "Pharmacien"},
            {"60", "Infirmier"}, {"60", "Infirmier"}, {"70", "Masseur-Kinésithérapeute"}, {"40", "Chirurgien-Dentiste"},
            {"50", "Sage-Femme"}};
    static final String[] SPECIALTIES = {"SM54", "SM53", "SM04", "SM41", "SM32", "SM40", "SM19", "SM38", "SM18", "SM26", "SM44"};

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long lines = Long.parseLong(args[1]);
        String header = new String(DirectoryExtractGenerator.class.getResourceAsStream("/annuaire-header.txt").readAllBytes(),
                StandardCharsets.UTF_8).strip();
        String[] cols = header.split("\\|", -1);
        java.util.Map<String, Integer> idx = new java.util.HashMap<>();
        for (int i = 0; i < cols.length; i++) {
            idx.put(cols[i], i);
        }
        Random r = new Random(42);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(header);
            w.newLine();
            for (long i = 0; i < lines; i++) {
                String[] cells = new String[cols.length - 1];
                java.util.Arrays.fill(cells, "");
                String rpps = Idnps.rppsWithCheckDigit("2%09d".formatted(i));
                String[] prof = PROFESSIONS[r.nextInt(PROFESSIONS.length)];
                String[] city = CITIES[r.nextInt(CITIES.length)];
                set(cells, idx, "Type d'identifiant PP", "8");
                set(cells, idx, "Identifiant PP", rpps);
                set(cells, idx, "Identification nationale PP", "8" + rpps);
                set(cells, idx, "Libellé civilité exercice", prof[0].equals("10") ? "Docteur" : "");
                set(cells, idx, "Nom d'exercice", LAST[r.nextInt(LAST.length)] + (i % 7 == 0 ? "-" + LAST[r.nextInt(LAST.length)] : ""));
                set(cells, idx, "Prénom d'exercice", FIRST[r.nextInt(FIRST.length)]);
                set(cells, idx, "Code profession", prof[0]);
                set(cells, idx, "Libellé profession", prof[1]);
                if (prof[0].equals("10")) {
                    set(cells, idx, "Code type savoir-faire", "S");
                    set(cells, idx, "Code savoir-faire", SPECIALTIES[r.nextInt(SPECIALTIES.length)]);
                }
                set(cells, idx, "Code mode exercice", r.nextBoolean() ? "L" : "S");
                if (i % 5 == 0) {
                    set(cells, idx, "Numéro FINESS site", Finess.withCheckDigit("%02d%06d".formatted(1 + (i / 5) % 95, (i / 5) % 1_000_000)).value());
                    set(cells, idx, "Raison sociale site", "Centre hospitalier " + city[1] + " " + (i / 5) % 1000);
                } else {
                    set(cells, idx, "Identifiant technique de la structure", "T" + (i / 3));
                    set(cells, idx, "Raison sociale site", "Cabinet " + (i / 3));
                }
                set(cells, idx, "Code commune (coord. structure)", city[0]);
                set(cells, idx, "Libellé commune (coord. structure)", city[1]);
                w.write(String.join("|", cells));
                w.write('|');
                w.newLine();
            }
        }
    }

    private static void set(String[] cells, java.util.Map<String, Integer> idx, String column, String value) {
        Integer i = idx.get(column);
        if (i != null && i < cells.length) {
            cells[i] = value;
        }
    }
}
