package health.carnet.web.internal.pro;

import health.carnet.shared.Problem;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A refusal of the gate, told in the professional's language: which rule refused, in words, and
 * what the patient can do about it (messages {@code refus.<rule>} and {@code refus.<rule>.patient}
 * in i18n/pro). The gate already audited the refusal.
 */
public record Refusals(String rule) {

    private static final Pattern RULE = Pattern.compile("\\[([A-Z]+-[0-9A-Z]+)\\]\\s*$");
    static final Set<String> KNOWN = Set.of("ACC-1", "ACC-2", "ACC-3", "ACC-6", "ACC-7", "ACC-8", "AUD-2", "DOC-4", "DOC-5",
            "DOC-6", "DOC-7", "DOC-9", "DOS-2", "DOS-4", "DOS-5", "DOS-6", "EMG-1", "EMG-2", "MIN-3", "SEC-5");

    /** The request attribute where a page names its own wording for one rule's refusal ({@link Own}). */
    static final String PAGE_ATTRIBUTE = "carnet.pro.refus.page";

    /** A page's own refusal: when the gate refuses by {@code rule}, say {@code refus.<key>} and {@code refus.<key>.patient}. */
    record Own(String rule, String key) {
    }

    static Refusals of(Problem p) {
        Matcher m = RULE.matcher(p.getMessage() == null ? "" : p.getMessage());
        String rule = m.find() ? m.group(1) : null;
        return new Refusals(rule != null && KNOWN.contains(rule) ? rule : "AUTRE");
    }

    public String message() {
        return "refus." + rule;
    }

    public String advice() {
        return "refus." + rule + ".patient";
    }
}
