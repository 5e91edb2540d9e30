package health.carnet.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language of the APIs' error messages (non-negotiable 5: French first, English selectable).
 *
 * <p>Modules raise their refusals with an English sentence (the code's language, like gettext's
 * msgid); the JSON API and FHIR translate it once, at the edge, into the language the client asked
 * for with {@code Accept-Language}: French unless English is preferred. The catalogue
 * ({@code i18n/errors_fr.txt}) holds one French sentence per English template, where {@code {}}
 * stands for what the code computed (an id, a count, a time); {@code ErrorCatalogueTest} fails when
 * a message of the sources has no French. A message no template matches (a library's own) stays
 * English rather than being lost.
 */
public final class ErrorLanguage {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter ENGLISH_TIME = DateTimeFormatter.ofPattern("HH:mm 'on' d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter FRENCH_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' H 'h' mm", Locale.FRENCH);
    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH);
    private static final Pattern ISO_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final List<Entry> CATALOGUE = load("i18n/errors_fr.txt");

    private ErrorLanguage() {
    }

    /** A template of the catalogue: its matcher, its French, and how many literal characters it holds (the most specific wins). */
    record Entry(String english, String french, Pattern pattern, int literal) {
    }

    /** True when the client prefers English to French ({@code Accept-Language}); French otherwise, and by default. */
    public static boolean english(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return false;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                String tag = range.getRange().toLowerCase(Locale.ROOT);
                if (tag.startsWith("fr")) {
                    return false;
                }
                if (tag.startsWith("en")) {
                    return true;
                }
            }
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return false;
    }

    /** The message in the client's language: unchanged in English, the catalogue's French otherwise. */
    public static String translate(String message, String acceptLanguage) {
        return english(acceptLanguage) ? message : french(message);
    }

    /** The French of an English message, or the message itself when no template matches it. */
    public static String french(String message) {
        if (message == null) {
            return null;
        }
        for (Entry e : CATALOGUE) {
            Matcher m = e.pattern().matcher(message);
            if (m.matches()) {
                List<String> args = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    // what the code computed may itself be a message ("The token's claims are not usable: <why>")
                    args.add(frenchValue(french(m.group(i))));
                }
                return fill(e.french(), args);
            }
        }
        return message;
    }

    /** A status's short title, as RFC 9457's "title". */
    public static String title(int status, String acceptLanguage) {
        if (english(acceptLanguage)) {
            org.springframework.http.HttpStatus s = org.springframework.http.HttpStatus.resolve(status);
            return s == null ? "Error" : s.getReasonPhrase();
        }
        return switch (status) {
            case 400 -> "Requête incorrecte";
            case 401 -> "Authentification requise";
            case 403 -> "Accès refusé";
            case 404 -> "Introuvable";
            case 405 -> "Méthode non permise";
            case 406 -> "Format non disponible";
            case 409 -> "Conflit";
            case 410 -> "N’existe plus";
            case 412 -> "Condition non remplie";
            case 413 -> "Requête trop volumineuse";
            case 415 -> "Type de contenu non accepté";
            case 422 -> "Requête non traitable";
            case 423 -> "Verrouillé";
            case 429 -> "Trop de tentatives";
            case 502 -> "Réponse invalide d’un service";
            case 503 -> "Service momentanément indisponible";
            default -> status >= 500 ? "Erreur interne" : "Requête refusée";
        };
    }

    /** Times and dates computed into an English message, told the French way (in Paris time). */
    static String frenchValue(String value) {
        String v = value.strip();
        try {
            if (ISO_INSTANT.matcher(v).matches()) {
                return FRENCH_TIME.format(Instant.parse(v).atZone(PARIS));
            }
            if (ISO_DATE.matcher(v).matches()) {
                return FRENCH_DATE.format(java.time.LocalDate.parse(v));
            }
            if (v.matches("\\d{2}:\\d{2} on \\d{1,2} [A-Z][a-z]+ \\d{4}")) {
                return FRENCH_TIME.format(LocalDateTime.parse(v, ENGLISH_TIME));
            }
        } catch (DateTimeParseException notATime) {
            return value;
        }
        return value;
    }

    private static String fill(String french, List<String> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        Matcher m = Pattern.compile("\\{(\\d*)}").matcher(french);
        while (m.find()) {
            int index = m.group(1).isEmpty() ? next++ : Integer.parseInt(m.group(1)) - 1;
            m.appendReplacement(out, Matcher.quoteReplacement(index < args.size() ? args.get(index) : ""));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The catalogue, most specific templates first. */
    static List<Entry> catalogue() {
        return CATALOGUE;
    }

    static Map<String, String> read(InputStream in) throws IOException {
        Map<String, String> pairs = new LinkedHashMap<>();
        String english = null;
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("en: ")) {
                english = line.substring(4).replace("\\n", "\n");
            } else if (line.startsWith("fr: ") && english != null) {
                pairs.put(english, line.substring(4).replace("\\n", "\n"));
                english = null;
            }
        }
        return pairs;
    }

    private static List<Entry> load(String resource) {
        try (InputStream in = ErrorLanguage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return List.of();
            }
            List<Entry> entries = new ArrayList<>();
            read(in).forEach((en, fr) -> entries.add(entry(en, fr)));
            entries.sort(Comparator.comparingInt(Entry::literal).reversed());
            return List.copyOf(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Entry entry(String english, String french) {
        StringBuilder regex = new StringBuilder("(?s)");
        String[] parts = english.split("\\{}", -1);
        int literal = 0;
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("(.*?)");
            }
            regex.append(Pattern.quote(parts[i]));
            literal += parts[i].length();
        }
        return new Entry(english, french, Pattern.compile(regex.toString()), literal);
    }
}
