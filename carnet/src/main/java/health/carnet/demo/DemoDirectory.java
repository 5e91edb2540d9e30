package health.carnet.demo;

import health.carnet.directory.ExtractImporter;
import health.carnet.shared.Finess;
import health.carnet.shared.Idnps;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The demo directory, written as a directory extract (the public file's columns plus Carnet's
 * "Rôle Carnet") so that it goes through the same importer as a real file.
 */
public final class DemoDirectory {

    public static final String HEADER = "Type d'identifiant PP|Identifiant PP|Identification nationale PP|Libellé civilité exercice|"
            + "Nom d'exercice|Prénom d'exercice|Code profession|Libellé profession|Code type savoir-faire|Code savoir-faire|"
            + "Libellé savoir-faire|Code mode exercice|Numéro FINESS site|Identifiant technique de la structure|"
            + "Raison sociale site|Code postal (coord. structure)|Code commune (coord. structure)|"
            + "Libellé commune (coord. structure)|Code secteur d'activité|Libellé secteur d'activité|"
            + ExtractImporter.COL_ROLE + "|" + ExtractImporter.COL_MSSANTE + "|";

    /** One demo person: kept as a record so the README table and the tests read the same list. */
    public record Person(String idnps, String civility, String lastName, String firstName, String profession,
                         String professionLabel, String specialty, String specialtyLabel, String structureKey,
                         String role) {
    }

    record Place(String key, String finess, String name, String postalCode, String cityCode, String city,
                 String sector, String sectorLabel) {
    }

    static final List<Place> PLACES = List.of(
            new Place("CHU-LYON", Finess.withCheckDigit("69078118").value(), "Hôpital Édouard Herriot", "69003", "69383", "Lyon", "SA01", "Établissement public de santé"),
            new Place("CHU-BDX", Finess.withCheckDigit("33078123").value(), "CHU de Bordeaux - Pellegrin", "33000", "33063", "Bordeaux", "SA01", "Établissement public de santé"),
            new Place("SAMU-69", Finess.withCheckDigit("69078999").value(), "SAMU 69 - Centre 15", "69003", "69383", "Lyon", "SA01", "Établissement public de santé"),
            new Place("CLIN-NANTES", Finess.withCheckDigit("44000123").value(), "Clinique Jules Verne", "44300", "44109", "Nantes", "SA02", "Établissement privé"),
            new Place("PHARMA-PARIS", Finess.withCheckDigit("75002345").value(), "Pharmacie de la Bastille", "75011", "75111", "Paris", "SA33", "Officine"),
            new Place("PHARMA-MARS", Finess.withCheckDigit("13000456").value(), "Pharmacie du Vieux-Port", "13002", "13202", "Marseille", "SA33", "Officine"),
            new Place("CAB-PARIS", null, "Cabinet médical Voltaire", "75011", "75111", "Paris", "SA07", "Cabinet individuel"),
            new Place("CAB-LILLE", null, "Maison de santé Wazemmes", "59000", "59350", "Lille", "SA08", "Cabinet de groupe"),
            new Place("CAB-AJACCIO", null, "Cabinet du Cours Napoléon", "20000", "2A004", "Ajaccio", "SA07", "Cabinet individuel"),
            new Place("CAB-TOULOUSE", null, "Cabinet Saint-Cyprien", "31300", "31555", "Toulouse", "SA07", "Cabinet individuel"),
            new Place("CAB-LYON", null, "Cabinet de la Croix-Rousse", "69004", "69384", "Lyon", "SA07", "Cabinet individuel"),
            new Place("CPAM-PARIS", null, "CPAM de Paris", "75019", "75119", "Paris", "SA99", "Organisme d'assurance maladie"));

    private static final String[][] PEOPLE = {
            // last, first, civility, profession, specialty, place, role
            {"Martin", "Claire", "Dr", "10", "SM54", "CAB-PARIS", "CARE"},
            {"Bernard", "Hugo", "Dr", "10", "SM54", "CAB-LILLE", "CARE"},
            {"Dubois", "Émilie", "Dr", "10", "SM54", "CAB-TOULOUSE", "CARE"},
            {"Thomas", "Julien", "Dr", "10", "SM54", "CAB-AJACCIO", "CARE"},
            {"Robert", "Sophie", "Dr", "10", "SM04", "CHU-LYON", "CARE"},
            {"Richard", "Antoine", "Dr", "10", "SM04", "CHU-BDX", "CARE"},
            {"Petit", "Camille", "Dr", "10", "SM41", "CHU-LYON", "CARE"},
            {"Durand", "Nicolas", "Dr", "10", "SM41", "CLIN-NANTES", "CARE"},
            {"Leroy", "Léa", "Dr", "10", "SM40", "CHU-BDX", "CARE"},
            {"Moreau", "Lucas", "Dr", "10", "SM40", "CHU-LYON", "CARE"},
            {"Simon", "Manon", "Dr", "10", "SM19", "CLIN-NANTES", "CARE"},
            {"Laurent", "Théo", "Dr", "10", "SM19", "CHU-LYON", "CARE"},
            {"Lefèvre", "Chloé", "Dr", "10", "SM32", "CHU-BDX", "CARE"},
            {"Michel", "Louis", "Dr", "10", "SM32", "CLIN-NANTES", "CARE"},
            {"Garcia", "Inès", "Dr", "10", "SM44", "CHU-LYON", "CARE"},
            {"David", "Gabriel", "Dr", "10", "SM26", "CHU-BDX", "CARE"},
            {"Bertrand", "Jade", "Dr", "10", "SM53", "CAB-LILLE", "CARE"},
            {"Roux", "Arthur", "Dr", "10", "SM53", "CAB-PARIS", "CARE"},
            {"Vincent", "Louise", "Dr", "10", "SM54", "SAMU-69", "REGULATOR"},
            {"Fournier", "Paul", "Dr", "10", "SM54", "SAMU-69", "REGULATOR"},
            {"Morel", "Alice", "Dr", "10", "SM18", "CHU-LYON", "CARE"},
            {"Girard", "Raphaël", "Dr", "10", "SM18", "CHU-BDX", "CARE"},
            {"André", "Lina", "Dr", "10", "SM38", "CLIN-NANTES", "CARE"},
            {"Mercier", "Tom", "Dr", "10", "SM38", "CHU-LYON", "CARE"},
            {"Blanc", "Rose", "M", "21", null, "PHARMA-PARIS", "CARE"},
            {"Guerin", "Adam", "M", "21", null, "PHARMA-PARIS", "CARE"},
            {"Boyer", "Anna", "M", "21", null, "PHARMA-MARS", "CARE"},
            {"Garnier", "Nathan", "M", "21", null, "PHARMA-MARS", "CARE"},
            {"Chevalier", "Zoé", "M", "60", null, "CHU-LYON", "CARE"},
            {"François", "Ethan", "M", "60", null, "CHU-BDX", "CARE"},
            {"Legrand", "Mila", "M", "60", null, "CAB-LILLE", "CARE"},
            {"Gauthier", "Noah", "M", "60", null, "CAB-TOULOUSE", "CARE"},
            {"Perrin", "Ambre", "M", "60", null, "CLIN-NANTES", "CARE"},
            {"Robin", "Sacha", "M", "70", null, "CAB-PARIS", "CARE"},
            {"Clément", "Julia", "M", "70", null, "CAB-LILLE", "CARE"},
            {"Morin", "Victor", "M", "50", null, "CHU-LYON", "CARE"},
            {"Nicolas", "Agathe", "M", "50", null, "CLIN-NANTES", "CARE"},
            {"Henry", "Maël", "Dr", "40", null, "CAB-TOULOUSE", "CARE"},
            {"Roussel", "Romane", "Dr", "40", null, "CAB-PARIS", "CARE"},
            {"Mathieu", "Léo", "Dr", "10", "SM54", "CAB-LILLE", "CARE"},
            {"Gautier", "Eva", "Dr", "10", "SM04", "CLIN-NANTES", "CARE"},
            {"Masson", "Hugo", "Dr", "10", "SM41", "CHU-BDX", "CARE"},
            {"Marchand", "Lola", "Dr", "10", "SM54", "CAB-TOULOUSE", "CARE"},
            {"Duval", "Martin", "Dr", "10", "SM26", "CHU-LYON", "CARE"},
            {"Denis", "Margaux", "Mme", "ADM", null, "CHU-LYON", "ADMIN"},
            {"Dumont", "Bruno", "M", "ADM", null, "CLIN-NANTES", "ADMIN"},
            {"Marie", "Hélène", "Mme", "ADM", null, "CAB-PARIS", "ADMIN"},
            {"Lemaire", "Olivier", "M", "CPAM", null, "CPAM-PARIS", "CPAM"},
            {"Noël", "Sandrine", "Mme", "CPAM", null, "CPAM-PARIS", "CPAM"},
            {"Meyer", "Yanis", "Dr", "10", "SM54", "CAB-AJACCIO", "CARE"},
    };

    /**
     * Demo people who also practise elsewhere (a second activity, i.e. a second row of the extract):
     * Dr Tom Mercier, ENT surgeon at the Lyon hospital, also consults in a practice of the city, so
     * the portal asks him at sign-in in which activity he acts (ACC-5: the structure of every audit entry).
     * His first activity (the hospital) is the one a token carries when nobody chooses.
     */
    static final java.util.Map<String, String> SECOND_ACTIVITY = java.util.Map.of("Mercier", "CAB-LYON");

    private DemoDirectory() {
    }

    public static List<Person> people() {
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE.length; i++) {
            String[] p = PEOPLE[i];
            boolean health = !p[3].equals("ADM") && !p[3].equals("CPAM");
            // RPPS for health professionals; staff get an ADELI-shaped number, as they hold no RPPS
            String idnps = health ? Idnps.rpps(Idnps.rppsWithCheckDigit("10000%05d".formatted(i + 1))).value()
                    : Idnps.adeli("75%07d".formatted(9000 + i)).value();
            people.add(new Person(idnps, p[2], p[0], p[1], p[3], professionLabel(p[3]), p[4], specialtyLabel(p[4]),
                    p[5], p[6]));
        }
        return people;
    }

    /** The demo directory as an extract file's text. */
    public static String extract() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Person p : people()) {
            out.append(line(p, p.structureKey())).append('\n');
            String second = SECOND_ACTIVITY.get(p.lastName());
            if (second != null) {
                out.append(line(p, second)).append('\n');
            }
        }
        return out.toString();
    }

    private static StringJoiner line(Person p, String structureKey) {
        Place place = PLACES.stream().filter(pl -> pl.key().equals(structureKey)).findFirst().orElseThrow();
        StringJoiner line = new StringJoiner("|", "", "|");
        line.add(p.idnps().startsWith("8") ? "8" : "0").add(p.idnps().substring(1)).add(p.idnps())
                .add(p.civility()).add(p.lastName()).add(p.firstName()).add(p.profession()).add(p.professionLabel())
                .add(p.specialty() == null ? "" : "S").add(nz(p.specialty())).add(nz(p.specialtyLabel()))
                .add(p.profession().equals("10") && structureKey.startsWith("CAB") ? "L" : "S")
                .add(nz(place.finess())).add("STRUCT-" + place.key()).add(place.name()).add(place.postalCode())
                .add(place.cityCode()).add(place.city()).add(place.sector()).add(place.sectorLabel()).add(p.role())
                .add(nz(mssanteAddress(p)));
        return line;
    }

    /** The second activity of a demo person, if any (the README's demo table names it). */
    public static java.util.Optional<String> secondStructure(Person p) {
        return java.util.Optional.ofNullable(SECOND_ACTIVITY.get(p.lastName())).flatMap(k -> PLACES.stream()
                .filter(pl -> pl.key().equals(k)).findFirst()).map(pl -> pl.name() + ", " + pl.city());
    }

    /**
     * NOT-3: the demo's MSSanté mailboxes, shaped as real ones (first.last@<profession>.mssante...) under
     * the reserved {@code .test} domain: nothing leaves for a real operator. Staff have none.
     */
    public static String mssanteAddress(Person p) {
        if (p.profession().equals("ADM") || p.profession().equals("CPAM")) {
            return null;
        }
        String box = (health.carnet.shared.Text.fold(p.firstName()) + "." + health.carnet.shared.Text.fold(p.lastName()))
                .replace(' ', '-');
        return box + "@" + health.carnet.shared.Text.fold(p.professionLabel()).replace(' ', '-') + ".mssante.test";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String professionLabel(String code) {
        return switch (code) {
            case "10" -> "Médecin";
            case "21" -> "Pharmacien";
            case "40" -> "Chirurgien-Dentiste";
            case "50" -> "Sage-Femme";
            case "60" -> "Infirmier";
            case "70" -> "Masseur-Kinésithérapeute";
            case "ADM" -> "Personnel administratif";
            case "CPAM" -> "Agent de l'Assurance Maladie";
            default -> code;
        };
    }

    static String specialtyLabel(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "SM04" -> "Cardiologie et maladies vasculaires";
            case "SM18" -> "Gynécologie-obstétrique";
            case "SM19" -> "Chirurgie générale";
            case "SM26" -> "Médecine interne";
            case "SM32" -> "Pédiatrie";
            case "SM38" -> "Radiodiagnostic et imagerie médicale";
            case "SM40" -> "Psychiatrie";
            case "SM41" -> "Pneumologie";
            case "SM44" -> "Rhumatologie";
            case "SM53" -> "Spécialiste en Médecine Générale avec diplôme";
            case "SM54" -> "Médecine Générale";
            default -> code;
        };
    }
}
