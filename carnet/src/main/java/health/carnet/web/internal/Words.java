package health.carnet.web.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * How the patients' portal writes dates and a few words (UX.md): Paris time, "1 déc. 2026 à 22 h 11"
 * in lists, "1 décembre 2026" in text, French elision ("Dossier d'Emma"). English when chosen.
 */
final class Words {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter FR_DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.FRENCH);
    private static final DateTimeFormatter FR_TIME = DateTimeFormatter.ofPattern("H' h 'mm", Locale.FRENCH);
    private static final DateTimeFormatter FR_TEXT = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH);
    private static final DateTimeFormatter EN_LIST = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter EN_TEXT = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private Words() {
    }

    static boolean english(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage());
    }

    /** A moment in a list: "1 déc. 2026 à 22 h 11" (Paris time). */
    static String moment(Instant at, Locale locale) {
        if (at == null) {
            return "";
        }
        var paris = at.atZone(PARIS);
        return english(locale) ? EN_LIST.format(paris) : FR_DAY.format(paris) + " à " + FR_TIME.format(paris);
    }

    /** A day in a sentence: "1 décembre 2026". */
    static String day(LocalDate day, Locale locale) {
        return day == null ? "" : (english(locale) ? EN_TEXT : FR_TEXT).format(day);
    }

    static String day(Instant at, Locale locale) {
        return at == null ? "" : day(at.atZone(PARIS).toLocalDate(), locale);
    }

    /** An amount in euros: "12,50 €" in French (no-break space before the sign), "€12.50" in English; "" when unknown. */
    static String euros(java.math.BigDecimal amount, Locale locale) {
        if (amount == null) {
            return "";
        }
        java.text.NumberFormat f = java.text.NumberFormat.getCurrencyInstance(english(locale) ? Locale.UK : Locale.FRANCE);
        f.setCurrency(java.util.Currency.getInstance("EUR"));
        return f.format(amount);
    }

    /** A month as a heading: "Mars 2026", "March 2026". */
    static String month(java.time.YearMonth month, Locale locale) {
        String text = DateTimeFormatter.ofPattern("LLLL yyyy", english(locale) ? Locale.ENGLISH : Locale.FRENCH).format(month);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** "d'" before a vowel or a mute h, "de " otherwise: "Dossier d'Emma", "Dossier de Lucas". */
    static String elides(String name) {
        if (name == null || name.isBlank()) {
            return "de ";
        }
        char c = Character.toLowerCase(name.charAt(0));
        return "aàâäeéèêëiîïoôöuùûüyh".indexOf(c) >= 0 ? "d’" : "de ";
    }

    /**
     * A French mobile number as people write it: "+33612345678" or "0612345678" → "06 12 34 56 78";
     * anything else (a foreign number) as stored; null stays null.
     */
    static String phone(String stored) {
        if (stored == null) {
            return null;
        }
        String digits = stored.replaceAll("[\\s.]", "");
        String national = digits.matches("\\+33\\d{9}") ? "0" + digits.substring(3) : digits.matches("0\\d{9}") ? digits : null;
        return national == null ? stored : national.replaceAll("(\\d{2})(?=\\d)", "$1 ");
    }

    /** TRE_G15 professions, for audit entries whose professional left the directory. */
    static final Map<String, String> PROFESSIONS = Map.of("10", "Médecin", "21", "Pharmacien", "40", "Chirurgien-dentiste",
            "50", "Sage-femme", "60", "Infirmier", "70", "Masseur-kinésithérapeute");

    static String profession(String code) {
        return code == null || !PROFESSIONS.containsKey(code) ? null
                : health.carnet.web.internal.pro.FrenchValueSets.profession(code, PROFESSIONS.get(code));
    }

    /**
     * A professional's profession in the page's language: the directory's French label, or on {@code ?lang=en} the
     * English value-set name the professionals' portal shows (i18n/valuesets_en.properties).
     */
    static String profession(health.carnet.directory.Professional p) {
        return p == null ? null : health.carnet.web.internal.pro.FrenchValueSets.profession(p.professionCode(), p.professionLabel());
    }

    /** The professions a patient searches the directory by, named in the page's language. */
    static java.util.List<Map.Entry<String, String>> professions() {
        return PROFESSIONS.keySet().stream().map(code -> Map.entry(code, profession(code)))
                .sorted(Map.Entry.comparingByValue()).toList();
    }
}
