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
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decodes the documents of an ITI-65 bundle before HAPI parses it. HAPI's base64Binary decodes a
 * value twice and encodes it back once, with a slow codec: a third of a deposit's CPU for a 10 KiB
 * PDF. Here each large {@code data} of a Binary entry or an inline attachment is decoded once
 * (strict RFC 4648) and kept aside, keyed by its JSON pointer, and a one-byte placeholder takes its
 * place in the body HAPI reads; {@link ProvideDocumentBundle} takes the bytes kept aside. A value
 * that does not decode strictly is left untouched, for HAPI to judge as before.
 */
@Configuration(proxyBeanMethods = false)
class InlineContent {

    static final String ATTRIBUTE = InlineContent.class.getName() + ".decoded";
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MIN_LENGTH = 1024;
    private static final byte[] PLACEHOLDER = "\"AA==\"".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern WHERE = Pattern.compile("/entry/\\d+/resource(/content/\\d+/attachment)?/data");

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> inlineContentFilter() {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
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
                    BodySizeLimit.tooLarge(response);
                    return;
                }
                Map<String, byte[]> decoded = new HashMap<>();
                byte[] rewritten = extract(body, decoded);
                request.setAttribute(ATTRIBUTE, decoded);
                chain.doFilter(new Body(request, rewritten), response);
            }
        });
        reg.addUrlPatterns("/fhir", "/fhir/");
        // after Spring Security's chain (-100): nothing is decoded for an unauthenticated caller
        reg.setOrder(0);
        return reg;
    }

    /** The bytes kept aside for the data at this JSON pointer (e.g. /entry/3/resource/data), if any. */
    @SuppressWarnings("unchecked")
    static byte[] decoded(HttpServletRequest request, String pointer) {
        Object map = request == null ? null : request.getAttribute(ATTRIBUTE);
        return map instanceof Map<?, ?> m ? ((Map<String, byte[]>) m).get(pointer) : null;
    }

    /**
     * The body with each large, strictly valid base64 {@code data} replaced by the placeholder; the
     * decoded bytes go to {@code decoded}. Malformed JSON is returned as is, for HAPI's own error.
     */
    static byte[] extract(byte[] body, Map<String, byte[]> decoded) {
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
                    return body;
                }
                if (out == null) {
                    out = new ByteArrayOutputStream(body.length / 4 + 1024);
                }
                out.write(body, copied, start - copied);
                out.write(PLACEHOLDER, 0, PLACEHOLDER.length);
                copied = end;
                decoded.put(pointer, bytes);
            }
        } catch (IOException e) {
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
