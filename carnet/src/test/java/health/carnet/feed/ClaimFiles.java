package health.carnet.feed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Claim files as the insurer writes them, for the feed's tests: valid lines with fresh claim ids. */
final class ClaimFiles {

    static final String HEADER = "claim_id;nir;service_date;kind;code;atc;label;quantity;performer_rpps;performer_name;"
            + "performer_specialty;prescriber_rpps;prescriber_name;prescriber_specialty;amount_charged;amount_reimbursed";
    /** Dr Claire Martin's RPPS (IDNPS 810000000017) and a pharmacist's (Rose Blanc, 810000000256). */
    static final String GP_RPPS = "10000000017";
    static final String PHARMACIST_RPPS = "10000000256";
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private ClaimFiles() {
    }

    static String id(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    static LocalDate daysAgo(int days) {
        return LocalDate.now(ZoneId.of("Europe/Paris")).minusDays(days);
    }

    /** A consultation of the GP. */
    static String consultation(String claimId, String nir, LocalDate date) {
        return String.join(";", claimId, nir, date.toString(), "CONSULTATION", "G", "", "Consultation de médecine générale", "1",
                GP_RPPS, "Dr Claire Martin", "SM54", "", "", "", "30.00", "21.00");
    }

    /** A medicine dispensed on the GP's prescription. */
    static String medicine(String claimId, String nir, LocalDate date) {
        return String.join(";", claimId, nir, date.toString(), "MEDICINE", cip13("340093000001"), "C10AA05",
                "Atorvastatine 20 mg, 30 comprimés", "2", PHARMACIST_RPPS, "Rose Blanc", "", GP_RPPS, "Dr Claire Martin", "SM54",
                "15.40", "10.01");
    }

    static String lab(String claimId, String nir, LocalDate date) {
        return String.join(";", claimId, nir, date.toString(), "LAB", "1104", "", "Hémogramme", "1", GP_RPPS, "Laboratoire",
                "", GP_RPPS, "Dr Claire Martin", "SM54", "8.10", "4.86");
    }

    /** Completes a 12-digit CIP payload with its EAN-13 check digit. */
    static String cip13(String twelve) {
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (twelve.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return twelve + (10 - sum % 10) % 10;
    }

    static Path write(Path dir, String name, List<String> lines) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }
}
