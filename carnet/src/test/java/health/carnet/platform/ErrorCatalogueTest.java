package health.carnet.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Non-negotiable 5 for the APIs: every refusal message the sources raise has its French in
 * {@code i18n/errors_fr.txt}, and the translation keeps what the code computed. Plain JUnit: the
 * catalogue and the sources are read as files.
 */
class ErrorCatalogueTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d*)}");

    static Map<String, String> catalogue() throws IOException {
        try (InputStream in = ErrorLanguage.class.getClassLoader().getResourceAsStream("i18n/errors_fr.txt")) {
            assertThat(in).as("the French catalogue of error messages").isNotNull();
            return ErrorLanguage.read(in);
        }
    }

    @Test
    void everyMessageOfTheSourcesHasItsFrench() throws IOException {
        Map<String, String> catalogue = catalogue();
        Map<String, String> found = MessageTemplates.distinct(Path.of("src/main/java"));
        assertThat(found).as("the source reader must find the refusals").hasSizeGreaterThan(150);
        Map<String, String> missing = new TreeMap<>();
        found.forEach((template, where) -> {
            if (!catalogue.containsKey(template) || catalogue.get(template).isBlank()) {
                missing.put(where, template);
            }
        });
        assertThat(missing).as("messages without French in i18n/errors_fr.txt (add an 'en:'/'fr:' pair each)").isEmpty();
    }

    @Test
    void theMessagesWrittenOutsideTheModulesHaveTheirFrenchToo() throws IOException {
        Map<String, String> catalogue = catalogue();
        for (int status : new int[] {400, 401, 403, 404, 405, 406, 413, 415, 418, 500}) {
            assertThat(catalogue).containsKey(ErrorBodies.detail(status));
        }
        assertThat(catalogue).containsKeys(InputErrors.DATA_MESSAGE, InputErrors.BODY_MESSAGE, RequestInput.CONTROL);
    }

    @Test
    void everyTranslationKeepsThePlaceholdersAndIsFrench() throws IOException {
        Map<String, String> wrong = new TreeMap<>();
        catalogue().forEach((english, french) -> {
            int expected = count(english, Pattern.compile("\\{}"));
            Matcher m = PLACEHOLDER.matcher(french);
            int sequential = 0;
            java.util.Set<Integer> indexed = new java.util.TreeSet<>();
            while (m.find()) {
                if (m.group(1).isEmpty()) {
                    sequential++;
                } else {
                    indexed.add(Integer.parseInt(m.group(1)));
                }
            }
            boolean ok = indexed.isEmpty() ? sequential == expected
                    : sequential == 0 && indexed.stream().allMatch(i -> i >= 1 && i <= expected) && indexed.size() == expected;
            if (!ok || french.isBlank() || french.equals(english) && english.chars().anyMatch(Character::isLetter) && expected == 0) {
                wrong.put(english, french);
            }
        });
        assertThat(wrong).as("translations that lose or add what the code computed, or are not translated").isEmpty();
    }

    @Test
    void aMessageIsTranslatedWithWhatTheCodeComputed() {
        assertThat(ErrorLanguage.french("No DocumentReference 7f3c")).contains("7f3c").doesNotContain("No DocumentReference");
        assertThat(ErrorLanguage.translate("No DocumentReference 7f3c", "en-GB,en;q=0.8")).isEqualTo("No DocumentReference 7f3c");
        // a message nothing matches stays as it is rather than being lost
        assertThat(ErrorLanguage.french("Quelque chose d'inconnu 42")).isEqualTo("Quelque chose d'inconnu 42");
    }

    @Test
    void timesInAMessageAreToldTheFrenchWayInParisTime() {
        assertThat(ErrorLanguage.frenchValue("23:45 on 1 December 2026")).isEqualTo("1 décembre 2026 à 23 h 45");
        assertThat(ErrorLanguage.frenchValue("2026-07-01T10:05:00Z")).isEqualTo("1 juillet 2026 à 12 h 05");
        assertThat(ErrorLanguage.frenchValue("2026-07-01")).isEqualTo("1 juillet 2026");
        assertThat(ErrorLanguage.frenchValue("DocumentReference/12")).isEqualTo("DocumentReference/12");
    }

    @Test
    void frenchUnlessTheClientPrefersEnglish() {
        assertThat(ErrorLanguage.english(null)).isFalse();
        assertThat(ErrorLanguage.english("")).isFalse();
        assertThat(ErrorLanguage.english("fr-FR,fr;q=0.9,en;q=0.8")).isFalse();
        assertThat(ErrorLanguage.english("en-US,en;q=0.9,fr;q=0.5")).isTrue();
        assertThat(ErrorLanguage.english("de-DE,en;q=0.5")).isTrue();
        assertThat(ErrorLanguage.english("de-DE")).isFalse();
        assertThat(ErrorLanguage.english("fr;q=0.2,en;q=0.9")).isTrue();
        assertThat(ErrorLanguage.english("%%%;;q=x")).isFalse();
        assertThat(ErrorLanguage.title(404, null)).isEqualTo("Introuvable");
        assertThat(ErrorLanguage.title(404, "en")).isEqualTo("Not Found");
    }

    @Test
    void theSourceReaderTurnsAMessageExpressionIntoItsTemplate() {
        assertThat(MessageTemplates.template("\"No dossier \" + permit.dossierId() + \".\"")).isEqualTo("No dossier {}.");
        assertThat(MessageTemplates.template("\"a \" + x + y + \" b\"")).isEqualTo("a {} b");
        assertThat(MessageTemplates.template("message")).isNull();
        assertThat(MessageTemplates.template("\"Wrong \" + (a ? \"x\" : \"y\") + \".\"")).isEqualTo("Wrong {}.");
        assertThat(MessageTemplates.template("\"it's \\\"quoted\\\"\"")).isEqualTo("it's \"quoted\"");
    }

    private static int count(String s, Pattern p) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
