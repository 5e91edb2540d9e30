package health.carnet.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #10: the rule ids the policy names are SPEC.md's, and every access rule of SPEC.md has a
 * test that expects it. Reads the SPEC the project is built against ({@code ../shared/SPEC.md} next
 * to the repository, found from the working directory upwards, worktrees included) and fails when
 * it is missing or when the ids diverge.
 */
class RuleIdsTest {

    /** The access rules outside SPEC §6–§8 that the policy decides too. */
    static final List<String> ALSO_ACCESS_RULES = List.of("DOC-4", "DOC-5", "DOC-6", "DOC-7", "DOS-2", "DOS-4", "AUD-2");

    /**
     * SPEC access rules that are not a decision of the policy, each with the test that covers it
     * (class#method): ACC-4 is the facts read afresh at each request, EMG-3 a content rule, EMG-4
     * naming, MIN-1 what a creation carries.
     */
    static final Map<String, String> COVERED_ELSEWHERE = Map.of(
            "ACC-4", "access/AccessPolicyTest#aWithdrawnAuthorisationStopsAtTheNextRequest",
            "EMG-3", "document/PatientEnteredTest#thePatientEntersAllergiesBloodGroupAndEmergencyContactsThatCareAndEmergencyTeamsRead",
            "EMG-4", "access/AccessPolicyTest#accessModesAreNamedAsJdvJ38",
            "MIN-1", "dossier/DossierLifecycleApiTest#minorsNeedOneOrTwoLegalRepresentativesAndAdultsNone");

    static final Path TESTS = Path.of("src/test/java/health/carnet");

    @Test
    void everyRuleThePolicyNamesIsInTheSpec() throws IOException {
        Set<String> spec = specIds().keySet();
        assertThat(spec).as("SPEC.md was read").contains("ACC-1", "DOC-5", "EMG-2");
        for (Rule rule : Rule.values()) {
            assertThat(spec).as(rule.name()).contains(rule.id());
        }
    }

    @Test
    void everySpecAccessRuleHasATestThatExpectsIt() throws IOException {
        Map<String, String> spec = specIds();
        List<String> accessRules = new ArrayList<>();
        spec.forEach((id, section) -> {
            if (section.startsWith("6.") || section.startsWith("7.") || section.startsWith("8.")) {
                accessRules.add(id);
            }
        });
        assertThat(accessRules).as("SPEC §6–§8 were found").contains("ACC-1", "EMG-1", "MIN-1");
        assertThat(spec.keySet()).containsAll(ALSO_ACCESS_RULES);
        accessRules.addAll(ALSO_ACCESS_RULES);
        String tests = testSources();
        for (String id : accessRules) {
            if (COVERED_ELSEWHERE.containsKey(id)) {
                String[] at = COVERED_ELSEWHERE.get(id).split("#");
                String source = Files.readString(TESTS.resolve(at[0] + ".java"));
                assertThat(source).as(id + " covered by " + at[0]).contains("void " + at[1] + "(").contains(id);
                continue;
            }
            assertThat(Rule.values()).as(id + " is a rule the policy names").contains(Rule.of(id));
            assertThat(tests).as("a test expects " + id).containsAnyOf("Rule." + Rule.of(id).name(), "\"" + id + "\"");
        }
    }

    @Test
    void everyRuleOfTheEnumIsExpectedByATest() throws IOException {
        String tests = testSources();
        for (Rule rule : Rule.values()) {
            assertThat(tests).as("a test expects " + rule.id()).containsAnyOf("Rule." + rule.name(), "\"" + rule.id() + "\"");
        }
    }

    @Test
    void theIdsThatWereNotInTheSpecAreGoneFromTheCode() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain("DOS-OWNER", "PDQ-1", "\"DOS-0\"");
            }
        }
    }

    /** Every test source but this one, where expectations name their rule. */
    private static String testSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("RuleIdsTest.java")).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        return all.toString();
    }

    /** The rule ids SPEC.md defines ({@code **ACC-1**}), each with the number of its section. */
    static Map<String, String> specIds() throws IOException {
        Map<String, String> ids = new LinkedHashMap<>();
        String section = "";
        Pattern defined = Pattern.compile("\\*\\*([A-Z]+-\\d+)\\*\\*");
        for (String line : Files.readAllLines(spec())) {
            if (line.startsWith("## ")) {
                section = line.substring(3).trim();
            }
            Matcher m = defined.matcher(line);
            while (m.find()) {
                ids.putIfAbsent(m.group(1), section);
            }
        }
        return ids;
    }

    /** {@code ../shared/SPEC.md} next to the repository (or the worktrees' folder); fails when there is none. */
    static Path spec() {
        Set<Path> tried = new LinkedHashSet<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/SPEC.md");
            tried.add(candidate);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("SPEC.md not found: tried " + tried);
    }
}
