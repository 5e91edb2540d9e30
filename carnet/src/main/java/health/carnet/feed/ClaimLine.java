package health.carnet.feed;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One claim line as the insurer sends it (CSV row or ExplanationOfBenefit), validated.
 *
 * @param claimId          the insurer's id of the line: a later line with the same id replaces it
 * @param nir              the insured person's NIR (with key)
 * @param code             the code in the kind's system (CIP13, NGAP, CCAM, NABM, GHM)
 * @param atc              the ATC class of a medicine, or null
 * @param performer        who performed (dispensed, consulted, ...)
 * @param prescriber       who prescribed, or null
 * @param amountCharged    what was charged (euros), or null
 * @param amountReimbursed what the insurer paid (euros), or null
 */
public record ClaimLine(String claimId, String nir, LocalDate serviceDate, ClaimKind kind, String code, String atc, String label,
                        BigDecimal quantity, Party performer, Party prescriber, BigDecimal amountCharged,
                        BigDecimal amountReimbursed) {

    /** A professional as the claim names them: RPPS (11 digits), name, specialty (TRE_R38) or profession. */
    public record Party(String rpps, String name, String specialty) {
    }

    private static final char SEP = '\u001f';

    /** The plain form sealed in the database; also what the content hash covers (so a replay is no change). */
    public String canonical() {
        List<String> f = new ArrayList<>(16);
        f.add(claimId);
        f.add(nir);
        f.add(serviceDate.toString());
        f.add(kind.name());
        f.add(code);
        f.add(atc);
        f.add(label);
        f.add(quantity == null ? null : quantity.toPlainString());
        party(f, performer);
        party(f, prescriber);
        f.add(amountCharged == null ? null : amountCharged.toPlainString());
        f.add(amountReimbursed == null ? null : amountReimbursed.toPlainString());
        StringBuilder b = new StringBuilder(160);
        for (int i = 0; i < f.size(); i++) {
            if (i > 0) {
                b.append(SEP);
            }
            if (f.get(i) != null) {
                b.append(f.get(i));
            }
        }
        return b.toString();
    }

    private static void party(List<String> f, Party p) {
        f.add(p == null ? null : p.rpps());
        f.add(p == null ? null : p.name());
        f.add(p == null ? null : p.specialty());
    }

    public static ClaimLine fromCanonical(String text) {
        // read on every history search (100 entries a page): cut by hand and the ISO date read as
        // digits, not String.split and a DateTimeFormatter (a third of a search's CPU before)
        String[] f = new String[16];
        int from = 0;
        for (int i = 0; i < 15; i++) {
            int to = text.indexOf(SEP, from);
            if (to < 0) {
                throw new IllegalArgumentException("not a canonical claim line");
            }
            f[i] = text.substring(from, to);
            from = to + 1;
        }
        f[15] = text.substring(from);
        return new ClaimLine(f[0], f[1], isoDate(f[2]), ClaimKind.valueOf(f[3]), f[4], blank(f[5]), blank(f[6]),
                decimal(f[7]), party(f, 8), party(f, 11), decimal(f[14]), decimal(f[15]));
    }

    private static LocalDate isoDate(String s) {
        if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
            return LocalDate.of(Integer.parseInt(s, 0, 4, 10), Integer.parseInt(s, 5, 7, 10), Integer.parseInt(s, 8, 10, 10));
        }
        return LocalDate.parse(s);
    }

    private static Party party(String[] f, int i) {
        return f[i].isEmpty() && f[i + 1].isEmpty() ? null : new Party(blank(f[i]), blank(f[i + 1]), blank(f[i + 2]));
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static BigDecimal decimal(String s) {
        return s == null || s.isEmpty() ? null : new BigDecimal(s);
    }
}
