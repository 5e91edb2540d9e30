package health.carnet.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the main sources for the messages a refusal carries to a user (a {@link health.carnet.shared.Problem},
 * an invalid identifier, HAPI's typed refusals) and turns each message expression into the template the
 * catalogue translates: string literals kept, anything computed becomes {@code {}}. A small Java
 * expression reader, enough for message arguments (strings, text blocks, chars, nested parentheses).
 */
final class MessageTemplates {

    /** A template and where it was found. */
    record Found(String template, String where) {
    }

    private static final Pattern CALL = Pattern.compile(
            "(Problem\\.(?:invalid|notFound|conflict|forbidden)|new\\s+(?:health\\.carnet\\.shared\\.)?Problem|new\\s+InvalidIdentifierException|new\\s+(?:org\\.springframework\\.security\\.oauth2\\.server\\.resource\\.)?InvalidBearerTokenException"
            + "|new\\s+(?:ca\\.uhn\\.fhir\\.rest\\.server\\.exceptions\\.)?(?:InvalidRequestException|UnprocessableEntityException"
            + "|ResourceNotFoundException|ForbiddenOperationException|ResourceGoneException|PreconditionFailedException"
            + "|ResourceVersionConflictException|PayloadTooLargeException|MethodNotAllowedException|NotImplementedOperationException)"
            // the access policy's reasons: the gate refuses with "<reason> [<rule>]"
            + "|(?<![\\w.])(?:deny|incomplete)(?=\\(Rule\\.)"
            // DepositAuthors' refusals (issue #9 row 6), English by default until they were read here
            + "|(?<![\\w.])refused(?=\\())\\s*\\(");

    private MessageTemplates() {
    }

    static List<Found> in(Path sources) {
        List<Found> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String src = Files.readString(file);
                Matcher m = CALL.matcher(src);
                while (m.find()) {
                    int open = m.end() - 1;
                    int close = matching(src, open);
                    if (close < 0) {
                        continue;
                    }
                    List<String> args = split(src.substring(open + 1, close), ',');
                    boolean second = m.group(1).endsWith("Problem") || m.group(1).equals("deny") || m.group(1).equals("incomplete");
                    String message = second ? (args.size() > 1 ? args.get(1) : "") : args.isEmpty() ? "" : args.get(0);
                    String template = template(message, constants(src));
                    if (template != null && (m.group(1).equals("deny") || m.group(1).equals("incomplete"))) {
                        template = template + " [{}]";
                    }
                    if (template != null) {
                        int line = (int) src.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                        found.add(new Found(template, sources.relativize(file) + ":" + line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Distinct templates, each with its first place. */
    static TreeMap<String, String> distinct(Path sources) {
        TreeMap<String, String> t = new TreeMap<>();
        for (Found f : in(sources)) {
            t.putIfAbsent(f.template(), f.where());
        }
        return t;
    }

    private static final Pattern CONSTANT = Pattern.compile("static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\")\\s*;");
    private static final Pattern FORMATTED = Pattern.compile("(?s)(\".*\")\\s*\\.formatted\\(.*\\)");
    private static final Pattern SPECIFIER = Pattern.compile("%[-#+ 0,(]*\\d*(?:\\.\\d+)?[a-zA-Z]");

    /** The file's string constants (a message kept in a constant is a literal too). */
    static java.util.Map<String, String> constants(String src) {
        java.util.Map<String, String> c = new java.util.HashMap<>();
        Matcher m = CONSTANT.matcher(src);
        while (m.find()) {
            c.put(m.group(1), m.group(2));
        }
        return c;
    }

    static String template(String expression) {
        return template(expression, java.util.Map.of());
    }

    /** The template of a message expression, or null when it holds no literal text to translate. */
    static String template(String expression, java.util.Map<String, String> constants) {
        List<String> parts = split(expression, '+');
        StringBuilder t = new StringBuilder();
        boolean literal = false;
        for (String raw : parts) {
            String p = constants.getOrDefault(raw.strip(), raw.strip());
            Matcher formatted = FORMATTED.matcher(p);
            String text = formatted.matches() && literal(formatted.group(1)) != null
                    ? SPECIFIER.matcher(literal(formatted.group(1))).replaceAll("{}") : literal(p);
            if (text != null) {
                t.append(text);
                literal = true;
            } else if (!(t.length() >= 2 && t.substring(t.length() - 2).equals("{}"))) {
                t.append("{}");
            }
        }
        return literal ? t.toString() : null;
    }

    private static String literal(String p) {
        if (p.startsWith("\"\"\"") && p.endsWith("\"\"\"") && p.length() >= 6) {
            String body = p.substring(3, p.length() - 3);
            body = body.substring(body.indexOf('\n') + 1);
            return unescape(body.lines().map(String::strip).reduce((a, b) -> a + " " + b).orElse("").replace("\\ ", " "));
        }
        if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"") && matchingQuote(p) == p.length() - 1) {
            return unescape(p.substring(1, p.length() - 1));
        }
        return null;
    }

    private static int matchingQuote(String p) {
        for (int i = 1; i < p.length(); i++) {
            if (p.charAt(i) == '\\') {
                i++;
            } else if (p.charAt(i) == '"') {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> b.append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The index of the parenthesis closing the one at {@code open}, skipping strings and chars. */
    static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            int skip = skipLiteral(s, i);
            if (skip > i) {
                i = skip - 1;
                continue;
            }
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at top level (outside literals and brackets) on the separator. */
    static List<String> split(String s, char separator) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            int skip = skipLiteral(s, i);
            if (skip > i) {
                i = skip - 1;
                continue;
            }
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{' || c == '<' && separator == ',') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}' || c == '>' && separator == ',' && depth > 0) {
                depth--;
            } else if (c == separator && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            } else if (separator == '+' && depth == 0 && c == '?') {
                // a conditional at top level: the whole message is computed
                return List.of(s);
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /** If a literal (string, text block, char) starts at i, the index just after it; else i. */
    private static int skipLiteral(String s, int i) {
        char c = s.charAt(i);
        if (c == '"' && s.startsWith("\"\"\"", i)) {
            int end = s.indexOf("\"\"\"", i + 3);
            return end < 0 ? s.length() : end + 3;
        }
        if (c == '"' || c == '\'') {
            for (int j = i + 1; j < s.length(); j++) {
                if (s.charAt(j) == '\\') {
                    j++;
                } else if (s.charAt(j) == c) {
                    return j + 1;
                }
            }
            return s.length();
        }
        if (c == '/' && s.startsWith("//", i)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end;
        }
        return i;
    }

    public static void main(String[] args) {
        distinct(Path.of(args[0])).forEach((t, w) -> System.out.println(w + "\t" + t.replace("\n", "\\n")));
    }
}
