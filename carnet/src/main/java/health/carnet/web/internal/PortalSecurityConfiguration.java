package health.carnet.web.internal;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfException;

/**
 * The patient portal and the landing page: its own login (password, then one-time code) keeps the
 * patient in the HTTP session; Spring Security guards it with CSRF tokens on every form and secure
 * headers (including {@code Cache-Control: no-store}). Documents open inside the portal's own pages,
 * so frames are allowed from the same origin only. A form posted after the session expired fails
 * its CSRF check: the person is sent to log in again, with "votre session a expiré", not a raw 403.
 */
@Configuration(proxyBeanMethods = false)
class PortalSecurityConfiguration {

    @Bean
    @ConditionalOnWebApplication
    @Order(4)
    SecurityFilterChain portalChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/", "/portail", "/portail/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> {
                    if (denied instanceof CsrfException && (request.getRequestedSessionId() == null
                            || !request.isRequestedSessionIdValid())) {
                        PortalAdvice.loginAgain(request);
                        response.sendRedirect("/portail/connexion");
                    } else {
                        response.sendError(HttpServletResponse.SC_FORBIDDEN);
                    }
                }));
        return http.build();
    }
}
