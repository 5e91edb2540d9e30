package health.carnet.feed.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.InsuredRegister;
import health.carnet.feed.ClaimKind;
import health.carnet.feed.ClaimLine;
import health.carnet.feed.ClaimSystems;
import health.carnet.shared.Idnps;
import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Nir;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The layouts of the insurer's files (docs/feed.md): a CSV of claim lines, a CSV of insured
 * persons (both {@code ;}-separated, UTF-8, a header naming the columns, in any order), or FHIR
 * NDJSON (one ExplanationOfBenefit or Patient a line). The first line decides; a file in none of
 * them is refused at once. Every other line is parsed on its own: a bad one is rejected with its
 * reason and the rest goes on (FEED-2).
 */
final class FeedFormat {

    static final List<String> CLAIM_COLUMNS = List.of("claim_id", "nir", "service_date", "kind", "code", "atc", "label",
            "quantity", "performer_rpps", "performer_name", "performer_specialty", "prescriber_rpps", "prescriber_name",
            "prescriber_specialty", "amount_charged", "amount_reimbursed");
    static final List<String> CLAIM_REQUIRED = List.of("claim_id", "nir", "service_date", "kind", "code", "label", "quantity",
            "performer_rpps", "performer_name");
    static final List<String> INSURED_COLUMNS = List.of("nir", "family_name", "given_names", "birth_date", "sex",
            "carte_vitale_serial", "email", "postal_address");
    static final List<String> INSURED_REQUIRED = List.of("nir", "family_name", "given_names", "birth_date", "sex",
            "carte_vitale_serial");
    static final int RETENTION_MONTHS = 24;
    private static final Pattern CLAIM_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Kind { CLAIMS_CSV, INSURED_CSV, NDJSON }

    /** What one line holds once parsed. */
    sealed interface Parsed {
    }

    record Claim(ClaimLine line) implements Parsed {
    }

    record Insured(InsuredRegister.Person person) implements Parsed {
    }

    record Rejected(String reason) implements Parsed {
    }

    /** A file not in any layout: refused before any row is read. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final Kind kind;
    private final Map<String, Integer> columns;
    private final CodeSystems codes;
    private final LocalDate today;

    private FeedFormat(Kind kind, Map<String, Integer> columns, CodeSystems codes, LocalDate today) {
        this.kind = kind;
        this.columns = columns;
        this.codes = codes;
        this.today = today;
    }

    Kind kind() {
        return kind;
    }

    /** Whether the first line is data (NDJSON) rather than a header. */
    boolean firstLineIsData() {
        return kind == Kind.NDJSON;
    }

    static FeedFormat detect(String firstLine, CodeSystems codes, LocalDate today) {
        if (firstLine == null) {
            throw new Refused("The file is empty.");
        }
        String first = firstLine.startsWith("\uFEFF") ? firstLine.substring(1) : firstLine;
        if (first.startsWith("{")) {
            return new FeedFormat(Kind.NDJSON, Map.of(), codes, today);
        }
        List<String> header = split(first).stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i), i);
        }
        if (index.containsKey("claim_id")) {
            requireColumns(index, CLAIM_REQUIRED, "claims");
            return new FeedFormat(Kind.CLAIMS_CSV, index, codes, today);
        }
        if (index.containsKey("nir") && index.containsKey("carte_vitale_serial")) {
            requireColumns(index, INSURED_REQUIRED, "insured persons");
            return new FeedFormat(Kind.INSURED_CSV, index, codes, today);
        }
        throw new Refused("This file is not in a Carnet feed layout: its first line must be the header of the claims CSV ("
                + String.join(";", CLAIM_COLUMNS) + "), of the insured persons CSV (" + String.join(";", INSURED_COLUMNS)
                + "), or an NDJSON resource (ExplanationOfBenefit or Patient). Nothing was imported.");
    }

    private static void requireColumns(Map<String, Integer> index, List<String> required, String layout) {
        List<String> missing = required.stream().filter(c -> !index.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new Refused("The " + layout + " header lacks the column(s) " + missing + ". Nothing was imported.");
        }
    }

    Parsed parse(String line) {
        if (line.isBlank()) {
            return new Rejected("empty line");
        }
        return switch (kind) {
            case CLAIMS_CSV -> claimRow(split(line));
            case INSURED_CSV -> insuredRow(split(line));
            case NDJSON -> ndjson(line);
        };
    }

    // --- CSV ------------------------------------------------------------------------------------

    private Parsed claimRow(List<String> f) {
        int expected = columns.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        if (f.size() < expected) {
            return new Rejected("missing column(s): " + f.size() + " field(s) where the header has " + expected);
        }
        String kindText = get(f, "kind");
        ClaimKind k = ClaimKind.parse(kindText);
        if (k == null) {
            return new Rejected("unknown kind '" + kindText + "' (MEDICINE, CONSULTATION, PROFESSIONAL_ACT, LAB, IMAGING, STAY)");
        }
        ClaimLine.Party performer = new ClaimLine.Party(get(f, "performer_rpps"), get(f, "performer_name"),
                get(f, "performer_specialty"));
        String prescriberRpps = get(f, "prescriber_rpps");
        ClaimLine.Party prescriber = prescriberRpps == null ? null
                : new ClaimLine.Party(prescriberRpps, get(f, "prescriber_name"), get(f, "prescriber_specialty"));
        return claim(get(f, "claim_id"), get(f, "nir"), get(f, "service_date"), k, get(f, "code"), get(f, "atc"),
                get(f, "label"), get(f, "quantity"), performer, prescriber, get(f, "amount_charged"), get(f, "amount_reimbursed"));
    }

    private Parsed insuredRow(List<String> f) {
        int expected = columns.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        if (f.size() < expected) {
            return new Rejected("missing column(s): " + f.size() + " field(s) where the header has " + expected);
        }
        return insured(get(f, "nir"), get(f, "family_name"), get(f, "given_names"), get(f, "birth_date"), get(f, "sex"),
                get(f, "carte_vitale_serial"), get(f, "email"), get(f, "postal_address"));
    }

    private String get(List<String> f, String column) {
        Integer i = columns.get(column);
        if (i == null || i >= f.size()) {
            return null;
        }
        String v = f.get(i).trim();
        return v.isEmpty() ? null : v;
    }

    /** Splits a line on {@code ;}, with double quotes around a field that holds one (RFC 4180 style, one line). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>(20);
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.isEmpty()) {
                quoted = true;
            } else if (c == ';') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    // --- the checks both shapes share ------------------------------------------------------------

    private Parsed claim(String claimId, String nirText, String dateText, ClaimKind k, String code, String atc, String label,
                         String quantityText, ClaimLine.Party performer, ClaimLine.Party prescriber, String charged,
                         String reimbursed) {
        if (claimId == null || !CLAIM_ID.matcher(claimId).matches()) {
            return new Rejected("claim id '" + claimId + "' missing or malformed (1 to 64 letters, digits, . _ : -)");
        }
        String nir;
        try {
            nir = Nir.of(nirText == null ? "" : nirText).value();
        } catch (InvalidIdentifierException e) {
            return new Rejected("claim " + claimId + ": NIR '" + nirText + "' is not valid: " + e.getMessage());
        }
        LocalDate date;
        try {
            date = LocalDate.parse(dateText == null ? "" : dateText);
        } catch (DateTimeParseException e) {
            return new Rejected("claim " + claimId + ": date of care '" + dateText + "' is not a date (YYYY-MM-DD)");
        }
        if (date.isAfter(today)) {
            return new Rejected("claim " + claimId + ": date of care " + date + " is in the future");
        }
        if (date.isBefore(today.minusMonths(RETENTION_MONTHS))) {
            return new Rejected("claim " + claimId + ": date of care " + date + " is older than 24 months (FEED-1)");
        }
        if (code == null) {
            return new Rejected("claim " + claimId + ": no code");
        }
        code = code.toUpperCase(Locale.ROOT);
        String bad = codes.check(k, code);
        if (bad != null) {
            return new Rejected("claim " + claimId + ": " + bad);
        }
        if (k == ClaimKind.MEDICINE) {
            String badAtc = CodeSystems.atc(atc);
            if (badAtc != null) {
                return new Rejected("claim " + claimId + ": " + badAtc);
            }
        } else {
            atc = null;
        }
        if (label == null) {
            return new Rejected("claim " + claimId + ": no label");
        }
        BigDecimal quantity = decimal(quantityText);
        if (quantity == null || quantity.signum() <= 0 || quantity.compareTo(BigDecimal.valueOf(100_000)) > 0) {
            return new Rejected("claim " + claimId + ": quantity '" + quantityText + "' is not a positive number");
        }
        String badParty = party(performer, "performing professional", true);
        if (badParty == null) {
            badParty = party(prescriber, "prescriber", false);
        }
        if (badParty != null) {
            return new Rejected("claim " + claimId + ": " + badParty);
        }
        BigDecimal amountCharged = decimal(charged);
        BigDecimal amountReimbursed = decimal(reimbursed);
        if ((charged != null && (amountCharged == null || amountCharged.signum() < 0))
                || (reimbursed != null && (amountReimbursed == null || amountReimbursed.signum() < 0))) {
            return new Rejected("claim " + claimId + ": an amount is not a number of euros (like 26.50)");
        }
        return new Claim(new ClaimLine(claimId, nir, date, k, code, atc, label, quantity.stripTrailingZeros(), performer,
                prescriber, amountCharged, amountReimbursed));
    }

    private static String party(ClaimLine.Party p, String who, boolean required) {
        if (p == null || p.rpps() == null) {
            return required ? "no RPPS for the " + who : null;
        }
        try {
            Idnps.rpps(p.rpps());
        } catch (InvalidIdentifierException e) {
            return "RPPS of the " + who + " '" + p.rpps() + "' is not valid: " + e.getMessage();
        }
        return p.name() == null ? "no name for the " + who : null;
    }

    private Parsed insured(String nirText, String family, String given, String birthText, String sexText, String carteVitale,
                           String email, String address) {
        String nir;
        try {
            nir = Nir.of(nirText == null ? "" : nirText).value();
        } catch (InvalidIdentifierException e) {
            return new Rejected("NIR '" + nirText + "' is not valid: " + e.getMessage());
        }
        if (family == null || given == null) {
            return new Rejected("insured " + nir + ": family and given names are required");
        }
        LocalDate birth;
        try {
            birth = LocalDate.parse(birthText == null ? "" : birthText);
        } catch (DateTimeParseException e) {
            return new Rejected("insured " + nir + ": birth date '" + birthText + "' is not a date (YYYY-MM-DD)");
        }
        if (birth.isAfter(today)) {
            return new Rejected("insured " + nir + ": birth date " + birth + " is in the future");
        }
        String sex = sexText == null ? "" : sexText.trim().toUpperCase(Locale.ROOT);
        if (!sex.equals("M") && !sex.equals("F")) {
            return new Rejected("insured " + nir + ": sex '" + sexText + "' is neither M nor F");
        }
        if (carteVitale == null || carteVitale.length() > 32) {
            return new Rejected("insured " + nir + ": Carte Vitale serial missing or too long");
        }
        if (email != null && !ContactChannel.isEmail(email)) {
            return new Rejected("insured " + nir + ": email '" + email + "' is not an address");
        }
        return new Insured(new InsuredRegister.Person(nir, family, given, birth, sex.charAt(0), carteVitale, email, address));
    }

    private static BigDecimal decimal(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // --- NDJSON ---------------------------------------------------------------------------------

    private Parsed ndjson(String line) {
        JsonNode r;
        try {
            r = JSON.readTree(line);
        } catch (Exception e) {
            return new Rejected("not a JSON object (a truncated or broken line)");
        }
        if (r == null || !r.isObject()) {
            return new Rejected("not a JSON object");
        }
        String type = r.path("resourceType").asText("");
        if (type.equals("Patient")) {
            return patient(r);
        }
        if (!type.equals("ExplanationOfBenefit")) {
            return new Rejected("a " + (type.isEmpty() ? "JSON object without resourceType" : type)
                    + ", not an ExplanationOfBenefit (or a Patient for the register)");
        }
        String claimId = text(r.path("identifier").path(0).path("value"));
        String nir = text(r.path("patient").path("identifier").path("value"));
        JsonNode item = r.path("item").path(0);
        String date = text(item.path("servicedDate"));
        if (date == null) {
            date = text(r.path("billablePeriod").path("start"));
        }
        ClaimKind k = null;
        for (JsonNode c : r.path("subType").path("coding")) {
            if (ClaimSystems.CLAIM_KIND.equals(text(c.path("system")))) {
                k = ClaimKind.parse(text(c.path("code")));
            }
        }
        if (k == null) {
            return new Rejected("ExplanationOfBenefit " + claimId + ": no kind of care in subType (system "
                    + ClaimSystems.CLAIM_KIND + ")");
        }
        String code = null;
        String atc = null;
        String display = null;
        for (JsonNode c : item.path("productOrService").path("coding")) {
            if (ClaimSystems.ATC.equals(text(c.path("system")))) {
                atc = text(c.path("code"));
            } else if (code == null) {
                code = text(c.path("code"));
                display = text(c.path("display"));
            }
        }
        String label = text(item.path("productOrService").path("text"));
        ClaimLine.Party performer = null;
        ClaimLine.Party prescriber = null;
        for (JsonNode t : r.path("careTeam")) {
            String role = text(t.path("role").path("coding").path(0).path("code"));
            String id = text(t.path("provider").path("identifier").path("value"));
            if (id != null && id.length() == 12 && id.startsWith("8")) {
                id = id.substring(1);
            }
            ClaimLine.Party p = new ClaimLine.Party(id, text(t.path("provider").path("display")),
                    text(t.path("qualification").path("coding").path(0).path("code")));
            if ("prescribing".equals(role)) {
                prescriber = p;
            } else if (performer == null) {
                performer = p;
            }
        }
        String charged = null;
        String reimbursed = null;
        for (JsonNode t : r.path("total")) {
            String cat = text(t.path("category").path("coding").path(0).path("code"));
            String value = text(t.path("amount").path("value"));
            if ("submitted".equals(cat)) {
                charged = value;
            } else if ("benefit".equals(cat)) {
                reimbursed = value;
            }
        }
        return claim(claimId, nir, date, k, code, atc, label == null ? display : label, text(item.path("quantity").path("value")),
                performer == null ? new ClaimLine.Party(null, null, null) : performer, prescriber, charged, reimbursed);
    }

    private Parsed patient(JsonNode r) {
        String nir = null;
        String cv = null;
        for (JsonNode id : r.path("identifier")) {
            String system = text(id.path("system"));
            if (ClaimSystems.CARTE_VITALE.equals(system)) {
                cv = text(id.path("value"));
            } else if (system != null && system.endsWith(health.carnet.shared.Ins.INS_NIR_OID)) {
                nir = text(id.path("value"));
            }
        }
        JsonNode name = r.path("name").path(0);
        List<String> given = new ArrayList<>();
        name.path("given").forEach(g -> given.add(g.asText()));
        String email = null;
        for (JsonNode t : r.path("telecom")) {
            if ("email".equals(text(t.path("system")))) {
                email = text(t.path("value"));
            }
        }
        String gender = text(r.path("gender"));
        String sex = "male".equals(gender) ? "M" : "female".equals(gender) ? "F" : gender;
        return insured(nir, text(name.path("family")), given.isEmpty() ? null : String.join(" ", given), text(r.path("birthDate")),
                sex, cv, email, text(r.path("address").path(0).path("text")));
    }

    private static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        String s = n.asText();
        return s.isBlank() ? null : s.trim();
    }
}
