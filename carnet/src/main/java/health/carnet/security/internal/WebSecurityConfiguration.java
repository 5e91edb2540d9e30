package health.carnet.security.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Everything not claimed by a more specific chain: the issuer's login page, actuator, static files. */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

    /**
     * The strict firewall, with header values checked by a plain loop instead of its regex: on the
     * ~1 KB bearer header, read by several filters, the regex was a sixth of a request's CPU.
     */
    @Bean
    org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer firewall() {
        org.springframework.security.web.firewall.StrictHttpFirewall firewall = new org.springframework.security.web.firewall.StrictHttpFirewall();
        firewall.setAllowedHeaderValues(WebSecurityConfiguration::printable);
        return web -> web.httpFirewall(firewall);
    }

    /**
     * No per-filter observations from Spring Security: wrapping each of the chain's filters cost
     * ~10% of a read. HTTP request metrics (http.server.requests) stay.
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservations() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    /**
     * The bearer token from the Authorization header, checked by a plain loop: the default
     * resolver's case-insensitive regex over a ~1 KB token was a tenth of a read's CPU. Same rules:
     * RFC 6750 token characters, a malformed token is refused, never ignored.
     */
    @Bean
    org.springframework.security.oauth2.server.resource.web.BearerTokenResolver bearerTokenResolver() {
        // several filters and matchers ask for the token of the same request: remember the last header checked
        ThreadLocal<String[]> last = new ThreadLocal<>();
        return request -> {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer", 0, 6)) {
                return null;
            }
            String[] checked = last.get();
            if (checked != null && header.equals(checked[0])) {
                return checked[1];
            }
            if (header.length() < 8 || header.charAt(6) != ' ' || !tokenCharacters(header, 7)) {
                throw new org.springframework.security.oauth2.server.resource.InvalidBearerTokenException("Bearer token is malformed");
            }
            String token = header.substring(7);
            last.set(new String[] {header, token});
            return token;
        };
    }

    /** RFC 6750 b64token: [A-Za-z0-9-._~+/]+ then '=' padding only. */
    static boolean tokenCharacters(String s, int from) {
        int i = from;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!ok) {
                break;
            }
        }
        if (i == from) {
            return false;
        }
        for (; i < s.length(); i++) {
            if (s.charAt(i) != '=') {
                return false;
            }
        }
        return true;
    }

    /** The last long header value found printable, per thread: filters read the same header many times (equals is vectorised). */
    private static final ThreadLocal<String> LAST_PRINTABLE = new ThreadLocal<>();

    static boolean printable(String value) {
        if (value.length() > 64 && value.equals(LAST_PRINTABLE.get())) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        if (value.length() > 64) {
            LAST_PRINTABLE.set(value);
        }
        return true;
    }

    @Bean
    @ConditionalOnWebApplication
    @Order(100)
    SecurityFilterChain defaultChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers("/login", "/error", "/css/**", "/favicon.ico", "/outbox", "/outbox.json", "/livez", "/readyz").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }
}
