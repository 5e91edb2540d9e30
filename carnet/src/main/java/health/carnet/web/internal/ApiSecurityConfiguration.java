package health.carnet.web.internal;

import health.carnet.platform.ErrorBodies;
import health.carnet.security.BearerTokens;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/** /api takes bearer tokens (patients' and professionals'); creation and login steps are open. */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    @Bean
    @ConditionalOnWebApplication
    @Order(3)
    SecurityFilterChain apiChain(HttpSecurity http, BearerTokens tokens) throws Exception {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        http.securityMatcher("/api/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.requestMatchers("/api/creation/**", "/api/login", "/api/login/**", "/api/password-reset",
                                "/api/password-reset/**").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o.authenticationManagerResolver(tokens.resolver())
                        .authenticationEntryPoint((req, res, e) -> {
                            bearer.commence(req, res, e);
                            res.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                            res.setContentType("application/problem+json;charset=UTF-8");
                            ErrorBodies.write(res.getWriter(), ErrorBodies.Shape.PROBLEM, 401,
                                    "Send 'Authorization: Bearer <token>': " + e.getMessage(), req.getHeader("Accept-Language"));
                        }));
        return http.build();
    }
}
