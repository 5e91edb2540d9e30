package health.carnet.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Issue #9 row 9: the same protective headers on every response, whichever part answers (the
 * portals, the JSON API, HAPI's /fhir, the fast paths before HAPI, the issuer, errors), set before
 * anything else runs so even a refusal carries them:
 * <ul>
 * <li>a Content-Security-Policy without inline or foreign scripts (the pages load their own files
 *     only; styles may be inline, which cannot run code), no framing, forms posted to Carnet only;</li>
 * <li>{@code X-Content-Type-Options: nosniff}, so a document served as text is never run as a page;</li>
 * <li>{@code Referrer-Policy: no-referrer}: URLs carry dossier and document ids, they leave with no link;</li>
 * <li>no {@code X-Powered-By} (HAPI announces itself and its version otherwise).</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeaders extends OncePerRequestFilter {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        protect(response);
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                if (!"X-Powered-By".equalsIgnoreCase(name)) {
                    super.setHeader(name, value);
                }
            }

            @Override
            public void addHeader(String name, String value) {
                if (!"X-Powered-By".equalsIgnoreCase(name)) {
                    super.addHeader(name, value);
                }
            }
        });
    }

    /** The headers themselves, also for the answers Tomcat writes before any filter ({@code ErrorPages}). */
    static void protect(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
