package health.carnet.security.internal;

import health.carnet.platform.ErrorLanguage;
import health.carnet.platform.GuessLimits;
import health.carnet.platform.GuessLimits.Limit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SEC-5 at the embedded issuer: the professionals' sign-in ({@code POST /login}, IDNPS and card
 * code) and the confidential clients' secrets ({@code POST /oauth2/token} with a secret: practice
 * software, the insurer's feed) could be guessed without end. Wrong guesses now count per IDNPS
 * (known or not, so the lock tells nothing) and per client id: 5 in 24 h lock for 15 min
 * ({@code carnet.guess-limits.professional-password.*}, {@code .client-secret.*}); while locked even
 * the right secret is refused, and a success resets the count. The filter runs before Spring
 * Security and reads only the outcome Spring writes (a redirect to {@code /login?error}, a 401
 * {@code invalid_client}). A public client (the portal, PKCE, no secret) is never counted, so
 * nobody can lock it for everyone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "carnet.security.embedded-issuer", havingValue = "true", matchIfMissing = true)
class IssuerGuesses {

    private static final Logger log = LoggerFactory.getLogger(IssuerGuesses.class);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> issuerGuessesFilter(GuessLimits limits) {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                return !"POST".equals(request.getMethod()) || !(path.equals("/login") || path.equals("/oauth2/token"));
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                if (path.equals("/login")) {
                    signIn(limits, request, response, chain);
                } else {
                    token(limits, request, response, chain);
                }
            }
        });
        // after the control-character check (-300), before Spring Security's chains (-100)
        reg.setOrder(-250);
        return reg;
    }

    private static void signIn(GuessLimits limits, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String idnps = request.getParameter("username");
        if (idnps == null || idnps.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        if (limits.lockedUntil(Limit.PROFESSIONAL_PASSWORD, idnps).isPresent()) {
            response.sendRedirect(request.getContextPath() + "/login?bloque");
            return;
        }
        chain.doFilter(request, response);
        String location = response.getHeader("Location");
        if (response.getStatus() == HttpServletResponse.SC_FOUND && location != null) {
            if (location.contains("/login?error")) {
                limits.fail(Limit.PROFESSIONAL_PASSWORD, idnps, until ->
                        log.warn("SEC-5: issuer sign-in locked until {} after repeated wrong codes for one IDNPS", until));
            } else {
                limits.reset(Limit.PROFESSIONAL_PASSWORD, idnps);
            }
        }
    }

    private static void token(GuessLimits limits, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<String> client = clientWithSecret(request);
        if (client.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Instant> locked = limits.lockedUntil(Limit.CLIENT_SECRET, client.get());
        if (locked.isPresent()) {
            String english = "Too many wrong client secrets: this client is locked until "
                    + GuessLimits.englishTime(locked.get()) + " (Paris time).";
            response.setStatus(429);
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write("{\"error\":\"invalid_client\",\"error_description\":\""
                    + ErrorLanguage.translate(english, request.getHeader("Accept-Language")).replace("\"", "'") + "\"}");
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            limits.fail(Limit.CLIENT_SECRET, client.get(), until ->
                    log.warn("SEC-5: client {} locked until {} after repeated wrong secrets", client.get(), until));
        } else if (response.getStatus() == HttpServletResponse.SC_OK) {
            limits.reset(Limit.CLIENT_SECRET, client.get());
        }
    }

    /** The client id of a request that authenticates with a secret (HTTP Basic or client_secret_post). */
    static Optional<String> clientWithSecret(HttpServletRequest request) {
        String auth = request.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                String id = java.net.URLDecoder.decode(colon < 0 ? pair : pair.substring(0, colon), StandardCharsets.UTF_8);
                return id.isBlank() ? Optional.empty() : Optional.of(id);
            } catch (IllegalArgumentException malformed) {
                return Optional.empty();
            }
        }
        String id = request.getParameter("client_id");
        return id != null && !id.isBlank() && request.getParameter("client_secret") != null ? Optional.of(id) : Optional.empty();
    }
}
