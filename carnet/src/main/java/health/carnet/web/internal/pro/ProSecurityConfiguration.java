package health.carnet.web.internal.pro;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * /pro: an OIDC client of the professionals' issuer (authorization code + PKCE), as a browser
 * client of Pro Santé Connect is. The portal keeps its sign-in and the page asked for under session
 * keys of its own, so the issuer's login (same host, same session) neither overwrites nor is taken
 * for it: a professional whose session expired signs in again and lands where they were.
 * CSRF on every form and no-store headers come from Spring Security's defaults.
 */
@Configuration(proxyBeanMethods = false)
class ProSecurityConfiguration {

    static final String LOGIN = "/pro/connexion/oidc/" + ProClientRegistration.REGISTRATION;

    @Bean
    @ConditionalOnWebApplication
    @Order(2)
    SecurityFilterChain proChain(HttpSecurity http, ProLogin login) throws Exception {
        HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
        contexts.setSpringSecurityContextKey("CARNET_PRO_SECURITY_CONTEXT");
        HttpSessionRequestCache pages = new HttpSessionRequestCache();
        pages.setSessionAttrName("CARNET_PRO_SAVED_REQUEST");
        pages.setMatchingRequestParameterName(null);
        SavedRequestAwareAuthenticationSuccessHandler back = new SavedRequestAwareAuthenticationSuccessHandler();
        back.setRequestCache(pages);
        back.setDefaultTargetUrl("/pro/accueil");
        http.securityMatcher("/pro", "/pro/**")
                .securityContext(s -> s.securityContextRepository(contexts))
                .requestCache(c -> c.requestCache(pages))
                .authorizeHttpRequests(a -> a.requestMatchers("/pro", "/pro/connexion/**").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(o -> o.loginPage("/pro")
                        .authorizationEndpoint(e -> e.baseUri("/pro/connexion/oidc"))
                        .redirectionEndpoint(r -> r.baseUri("/pro/connexion/retour"))
                        .userInfoEndpoint(u -> u.oidcUserService(login))
                        .successHandler(back)
                        .failureHandler(new SimpleUrlAuthenticationFailureHandler("/pro?echec")))
                .exceptionHandling(e -> e.authenticationEntryPoint(signInAgain(new LoginUrlAuthenticationEntryPoint(LOGIN))))
                .logout(l -> l.logoutUrl("/pro/deconnexion").logoutSuccessUrl("/pro?deconnecte").invalidateHttpSession(true)
                        .deleteCookies("JSESSIONID"))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        return http.build();
    }

    /**
     * The session attribute the issuer's sign-in page reads (once) to say "Votre session a expiré" (a string both
     * sides name, so that neither module depends on the other; security's {@code IssuerLoginPage} has the same).
     */
    static final String SESSION_EXPIRED = "carnet.pro.session-expiree";

    /**
     * To the sign-in, saying why when the browser still sent a session that is no more (it expired, or the server
     * restarted): the page asked for is saved in the new session as before, and so is the notice.
     */
    static org.springframework.security.web.AuthenticationEntryPoint signInAgain(
            org.springframework.security.web.AuthenticationEntryPoint signIn) {
        return (request, response, refused) -> {
            if (request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid()) {
                request.getSession(true).setAttribute(SESSION_EXPIRED, Boolean.TRUE);
            }
            signIn.commence(request, response, refused);
        };
    }
}
