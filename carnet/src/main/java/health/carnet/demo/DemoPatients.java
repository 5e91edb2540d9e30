package health.carnet.demo;

import health.carnet.shared.Nir;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The demo patients: their identity, login and what is special about them (README table). */
public final class DemoPatients {

    /** Every demo patient and legal representative logs in with this password (then a one-time code). */
    public static final String PASSWORD = "Carnet-Demo-2026";

    /**
     * @param login      the demo login
     * @param reps       logins of the legal representatives (minors)
     * @param closed     the dossier is closed
     * @param withDossier false for insured persons who have no dossier yet (online creation walkthrough)
     */
    public record Patient(String nir, String familyName, String givenNames, LocalDate birthDate, char sex, String email,
                          String phone, String carteVitale, String login, List<String> reps, boolean closed,
                          boolean withDossier, String note) {
    }

    private DemoPatients() {
    }

    private static final Object[][] ROWS = {
            // family, given, birth, sex, dept, login, note
            {"Petit", "Léa", "1985-05-12", 'F', "75", "lea.petit", ""},
            {"Moreau", "Jean", "1952-03-02", 'M', "69", "jean.moreau", "retired, chronic heart failure"},
            {"Lambert", "Chloé", "1990-11-23", 'F', "13", "chloe.lambert", ""},
            {"Fontaine", "Marc", "1978-07-09", 'M', "59", "marc.fontaine", ""},
            {"Rousseau", "Inès", "1995-01-30", 'F', "33", "ines.rousseau", ""},
            {"Vincent", "Paul", "1964-09-15", 'M', "44", "paul.vincent", ""},
            {"Muller", "Anne", "1971-12-01", 'F', "67", "anne.muller", ""},
            {"Lefebvre", "Hugo", "1988-04-18", 'M', "31", "hugo.lefebvre", ""},
            {"Faure", "Julie", "1999-06-06", 'F', "35", "julie.faure", ""},
            {"Andre", "Michel", "1945-02-27", 'M', "2A", "michel.andre", "born in Corsica (NIR with 2A)"},
            {"Mercier", "Sarah", "1983-08-14", 'F', "06", "sarah.mercier", ""},
            {"Blanc", "Thomas", "1992-10-10", 'M', "38", "thomas.blanc", ""},
            {"Guerin", "Elise", "1975-03-21", 'F', "2B", "elise.guerin", "born in Corsica (NIR with 2B)"},
            {"Boyer", "Nicolas", "1968-05-05", 'M', "21", "nicolas.boyer", ""},
            {"Garnier", "Laura", "1987-09-29", 'F', "34", "laura.garnier", "closed dossier"},
            {"Chevalier", "Emma", "2016-04-02", 'F', "75", "emma.chevalier", "minor (10), one legal representative"},
            {"Francois", "Lucas", "2019-08-20", 'M', "69", "lucas.francois", "minor (7), two legal representatives"},
            {"Legrand", "Nina", "2010-01-15", 'F', "59", "nina.legrand", "minor (16), holds her own dossier"},
            {"Gauthier", "Yves", "1960-12-24", 'M', "13", "yves.gauthier", ""},
            {"Perrin", "Alice", "1993-02-11", 'F', "75", "alice.perrin", ""},
            // insured persons without a dossier: the online creation walkthrough
            {"Dupont", "Camille", "1991-03-14", 'F', "75", "", "no dossier yet: creates one online (README)"},
            {"Bernard", "Louis", "1984-06-30", 'M', "92", "", "no dossier yet"},
    };

    public static List<Patient> all() {
        List<Patient> out = new ArrayList<>();
        for (int i = 0; i < ROWS.length; i++) {
            Object[] r = ROWS[i];
            LocalDate birth = LocalDate.parse((String) r[2]);
            char sex = (Character) r[3];
            String body = (sex == 'M' ? "1" : "2") + "%02d%02d".formatted(birth.getYear() % 100, birth.getMonthValue())
                    + r[4] + "%03d%03d".formatted(100 + i, 1 + i);
            String nir = Nir.withKey(body).value();
            String login = (String) r[5];
            String note = (String) r[6];
            List<String> reps = switch (login) {
                case "emma.chevalier" -> List.of("sophie.chevalier");
                case "lucas.francois" -> List.of("marie.francois", "pierre.francois");
                default -> List.of();
            };
            String email = (((String) r[1]) + "." + r[0]).toLowerCase().replace("é", "e").replace("è", "e").replace("ï", "i")
                    .replace("ç", "c") + "@patient.example";
            out.add(new Patient(nir, (String) r[0], (String) r[1], birth, sex, email, "+3360000%04d".formatted(i),
                    "CV%08d".formatted(1000 + i), login, reps, note.startsWith("closed"), !login.isEmpty(), note));
        }
        return out;
    }

    public static Patient byLogin(String login) {
        return all().stream().filter(p -> p.login().equals(login)).findFirst().orElseThrow();
    }
}
