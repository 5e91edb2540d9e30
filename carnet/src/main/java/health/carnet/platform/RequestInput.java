package health.carnet.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first check of every request, before security, HAPI or a controller (SEC-4): no control
 * character (a NUL byte above all, which PostgreSQL refuses in text) in the path or the query
 * string, decoded or percent-encoded. Such a request is refused whole with a 400 in the shape of
 * the protocol asked ({@link ErrorBodies}), so no parameter carrying one reaches a query.
 * Bodies are checked where they are parsed (the FHIR input check, the JSON API's strings).
 */
@Configuration(proxyBeanMethods = false)
class RequestInput {

    static final String CONTROL = "The request's path or parameters hold a control character (such as %00): remove it.";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestInputFilter() {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (hasControl(request.getRequestURI()) || hasControl(request.getQueryString()) || formHasControl(request)) {
                    String path = request.getRequestURI().substring(request.getContextPath().length());
                    ErrorBodies.Shape shape = ErrorBodies.shape(path, request.getHeader("Accept"));
                    response.setStatus(400);
                    response.setContentType(ErrorBodies.contentType(shape));
                    ErrorBodies.write(response.getWriter(), shape, 400, CONTROL, request.getHeader("Accept-Language"));
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        reg.addUrlPatterns("/*");
        // before Spring Security's chain (-100) and every other filter of ours
        reg.setOrder(-300);
        return reg;
    }

    /**
     * Form posts (the portals' pages, the issuer's sign-in): a field with a control character other than
     * tab and line breaks reached a query (a NUL in the portal's login answered 500). Only urlencoded
     * bodies are read here; a multipart upload keeps its bytes for its own checks.
     */
    static boolean formHasControl(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return false;
        }
        for (java.util.Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
            if (textHasControl(e.getKey())) {
                return true;
            }
            for (String v : e.getValue()) {
                if (textHasControl(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean textHasControl(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || unpaired(s, i)
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * JSON bodies of the API: a text value with a control character other than tab and line breaks
     * (a NUL byte above all) is refused while the body is read, so it reaches no query.
     */
    @Bean
    org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer controlCharactersRefused() {
        tools.jackson.databind.module.SimpleModule module = new tools.jackson.databind.module.SimpleModule("carnet-text");
        module.addDeserializer(String.class, new CleanStrings());
        return builder -> builder.addModule(module);
    }

    static final class CleanStrings extends tools.jackson.databind.deser.jdk.StringDeserializer {
        @Override
        public String deserialize(tools.jackson.core.JsonParser p, tools.jackson.databind.DeserializationContext ctxt) {
            String s = super.deserialize(p, ctxt);
            if (s != null) {
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || unpaired(s, i)) {
                        throw new ControlCharacter(p);
                    }
                }
            }
            return s;
        }
    }

    /** Half of a UTF-16 pair alone (JSON's "\\ud800"): not a character of any text, refused like a control. */
    static boolean unpaired(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }

    /** Told apart by ApiErrors, which says what to fix. */
    public static final class ControlCharacter extends tools.jackson.core.exc.StreamReadException {
        ControlCharacter(tools.jackson.core.JsonParser p) {
            super(p, "control character in a text value");
        }
    }

    /** A raw control character, or one percent-encoded (%00-%1F, %7F), anywhere in the text. */
    static boolean hasControl(String raw) {
        if (raw == null) {
            return false;
        }
        int n = raw.length();
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
            if (c == '%' && i + 2 < n) {
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0 && (hi < 2 || hi == 7 && lo == 15)) {
                    return true;
                }
            }
        }
        return false;
    }
}
