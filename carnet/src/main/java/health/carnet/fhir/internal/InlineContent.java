package health.carnet.fhir.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decodes the documents of an ITI-65 bundle before HAPI parses it. HAPI's base64Binary decodes a
 * value twice and encodes it back once, with a slow codec: a third of a deposit's CPU for a 10 KiB
 * PDF. Here each large {@code data} of a Binary entry or an inline attachment is decoded once
 * (strict RFC 4648) and kept aside in a {@link Decoded}, and a marker unique to this request takes
 * its place in the body HAPI reads. {@link ProvideDocumentBundle} hands every content it reads to
 * {@link Decoded#content}, which swaps a marker for its bytes: the hand-over is by value, not by a
 * JSON pointer that could drift, and it fails closed (issue #10 item 4): a marker it does not know,
 * or a decoded content nobody took, is a 400, never a placeholder stored as a document. A value
 * that does not decode strictly is left untouched, for HAPI to judge as before.
 */
final class InlineContent {

    private InlineContent() {
    }


    static final String ATTRIBUTE = InlineContent.class.getName() + ".decoded";
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MIN_LENGTH = 1024;
    private static final Pattern WHERE = Pattern.compile("/entry/\\d+/resource(/content/\\d+/attachment)?/data");

    /** The filter; registered, in its place among the others, by {@link FhirFilters}. */
    static OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String type = request.getContentType();
                String path = request.getRequestURI().substring(request.getContextPath().length());
                if (!"POST".equals(request.getMethod()) || !(path.equals("/fhir") || path.equals("/fhir/")) || type == null
                        || !type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
                    chain.doFilter(request, response);
                    return;
                }
                byte[] body;
                try {
                    body = request.getInputStream().readAllBytes();
                } catch (IOException e) {
                    // a chunked body past the limit (BodySizeLimit stops reading it)
                    BodySizeLimit.tooLarge(request, response);
                    return;
                }
                Decoded decoded = new Decoded();
                byte[] rewritten = extract(body, decoded);
                request.setAttribute(ATTRIBUTE, decoded);
                chain.doFilter(new Body(request, rewritten), response);
            }
        };
    }

    /**
     * The contents decoded ahead for one request. A marker is 16 bytes: a random prefix drawn for
     * this request and the content's index, so HAPI parses it as ordinary base64Binary and nothing
     * else in the bundle can be mistaken for one.
     */
    static final class Decoded {
        private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
        private static final Decoded NONE = new Decoded();
        private final byte[] prefix = new byte[12];
        private final java.util.List<byte[]> contents = new java.util.ArrayList<>();
        private final java.util.List<String> pointers = new java.util.ArrayList<>();
        private final java.util.BitSet taken = new java.util.BitSet();

        Decoded() {
            RANDOM.nextBytes(prefix);
        }

        /** What the filter decoded for this request; none when it decoded nothing (or did not run). */
        static Decoded of(HttpServletRequest request) {
            return request != null && request.getAttribute(ATTRIBUTE) instanceof Decoded d ? d : NONE;
        }

        int add(String pointer, byte[] content) {
            contents.add(content);
            pointers.add(pointer);
            return contents.size() - 1;
        }

        byte[] marker(int index) {
            return java.nio.ByteBuffer.allocate(16).put(prefix).putInt(index).array();
        }

        /** The content the bundle carries at this place: the decoded bytes for a marker, else what HAPI parsed. */
        synchronized byte[] content(byte[] parsed) {
            if (parsed == null || parsed.length != 16 || !java.util.Arrays.equals(parsed, 0, 12, prefix, 0, 12)) {
                return parsed;
            }
            int index = java.nio.ByteBuffer.wrap(parsed, 12, 4).getInt();
            if (index < 0 || index >= contents.size()) {
                throw health.carnet.shared.Problem.invalid("The bundle's content could not be read back; send it again.");
            }
            taken.set(index);
            return contents.get(index);
        }

        /** Fails closed: a content decoded ahead that no DocumentReference took is an error, not a silent drop. */
        synchronized void requireAllTaken() {
            if (taken.cardinality() != contents.size()) {
                int missed = taken.nextClearBit(0);
                throw health.carnet.shared.Problem.invalid("The data at " + pointers.get(missed)
                        + " belongs to no DocumentReference of the bundle (a Binary must be named by an attachment.url).");
            }
        }

        synchronized void clear() {
            contents.clear();
            pointers.clear();
            taken.clear();
        }

        java.util.Map<String, byte[]> byPointer() {
            java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
            for (int i = 0; i < contents.size(); i++) {
                out.put(pointers.get(i), contents.get(i));
            }
            return out;
        }
    }

    /**
     * The body with each large, strictly valid base64 {@code data} replaced by the placeholder; the
     * decoded bytes go to {@code decoded}. Malformed JSON is returned as is, for HAPI's own error.
     */
    static byte[] extract(byte[] body, Decoded decoded) {
        ByteArrayOutputStream out = null;
        int copied = 0;
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.VALUE_STRING || p.getTextLength() < MIN_LENGTH || !"data".equals(p.currentName())) {
                    continue;
                }
                String pointer = p.getParsingContext().pathAsPointer().toString();
                if (!WHERE.matcher(pointer).matches()) {
                    continue;
                }
                int start = (int) p.currentTokenLocation().getByteOffset();
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(p.getText());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                int end = (int) p.currentLocation().getByteOffset();
                if (start < copied || end > body.length || body[start] != '"' || body[end - 1] != '"') {
                    throw new IOException("unexpected token position");
                }
                if (out == null) {
                    out = new ByteArrayOutputStream(body.length / 4 + 1024);
                }
                out.write(body, copied, start - copied);
                byte[] placeholder = ("\"" + Base64.getEncoder().encodeToString(decoded.marker(decoded.add(pointer, bytes))) + "\"")
                        .getBytes(StandardCharsets.US_ASCII);
                out.write(placeholder, 0, placeholder.length);
                copied = end;
            }
        } catch (IOException e) {
            // malformed JSON: HAPI judges the original body, and nothing decoded is handed over
            decoded.clear();
            return body;
        }
        if (out == null) {
            return body;
        }
        out.write(body, copied, body.length - copied);
        return out.toByteArray();
    }

    /** The request with its body replaced. */
    static final class Body extends HttpServletRequestWrapper {
        private final byte[] body;

        Body(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }
}
