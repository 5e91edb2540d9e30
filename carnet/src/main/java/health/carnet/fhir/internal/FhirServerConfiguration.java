package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import health.carnet.security.BearerTokens;
import java.util.List;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
class FhirServerConfiguration {

    @Bean
    FhirContext fhirContext() {
        FhirContext context = FhirContext.forR4Cached();
        // a value of the wrong JSON type refuses the body instead of vanishing from it (SEC-4)
        context.setParserErrorHandler(new StrictJsonTypes());
        return context;
    }

    @Bean
    @ConditionalOnWebApplication
    ServletRegistrationBean<RestfulServer> fhirServlet(FhirContext context, List<IResourceProvider> providers,
                                                       List<PlainProvider> plainProviders, FhirErrors errors,
                                                       CapabilityClaims capabilities, FhirInput input) {
        RestfulServer server = new RestfulServer(context);
        server.setResourceProviders(providers);
        server.setPlainProviders(new java.util.ArrayList<>(plainProviders));
        server.setServerName("Carnet");
        server.setImplementationDescription("Carnet shared medical record (DMP) FHIR R4 API");
        // no paging provider: HAPI keeps no search in memory and _getpages does not exist. Every page is
        // a new search with _offset/_count, decided and audited like the first (ACC-4, ACC-8)
        server.setPagingProvider(null);
        server.setDefaultPageSize(OffsetBundleProvider.DEFAULT_COUNT);
        server.setDefaultPrettyPrint(false);
        server.registerInterceptor(errors);
        server.registerInterceptor(input);
        server.registerInterceptor(capabilities);
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * /fhir takes bearer tokens only: no session, no CSRF (no cookies to ride on). The capability
     * statement stays public so clients can discover the server before they have a token.
     */
    @Bean
    @ConditionalOnWebApplication
    @Order(2)
    SecurityFilterChain fhirChain(HttpSecurity http, BearerTokens tokens, FhirErrors errors) throws Exception {
        http.securityMatcher("/fhir/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.requestMatchers("/fhir/metadata").permitAll().anyRequest().authenticated())
                .oauth2ResourceServer(o -> o.authenticationManagerResolver(tokens.resolver())
                        .authenticationEntryPoint(errors::unauthenticated)
                        .accessDeniedHandler(errors::forbidden))
                .exceptionHandling(e -> e.authenticationEntryPoint(errors::unauthenticated)
                        .accessDeniedHandler(errors::forbidden));
        return http.build();
    }
}
