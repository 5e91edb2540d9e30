package health.carnet.web.internal.pro;

import health.carnet.security.SecuritySettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The portal's OIDC client registration {@code pro} when the embedded issuer runs (the default):
 * the public client {@code carnet-portal}, authorization code with PKCE, scopes {@code openid fhir}.
 * The issuer is this same server, whose port is known only once it listens, hence a registration
 * made at first use. With Pro Santé Connect or another provider, switch the embedded issuer off and
 * give Spring Boot's standard {@code spring.security.oauth2.client.registration.pro.*} and
 * {@code ...provider.*} properties instead (docs/portal-pro.md): configuration, not code.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "carnet.security.embedded-issuer", havingValue = "true", matchIfMissing = true)
class ProClientRegistration {

    static final String REGISTRATION = "pro";

    @Bean
    ClientRegistrationRepository proClientRegistrations(ApplicationContext context, SecuritySettings settings) {
        return new ClientRegistrationRepository() {
            private volatile ClientRegistration registration;

            @Override
            public ClientRegistration findByRegistrationId(String id) {
                if (!REGISTRATION.equals(id)) {
                    return null;
                }
                ClientRegistration r = registration;
                if (r == null) {
                    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
                    // the server calls itself on the loopback interface; tokens still name settings.issuer() as iss
                    String self = "http://127.0.0.1:" + port;
                    r = ClientRegistration.withRegistrationId(REGISTRATION)
                            .clientId("carnet-portal")
                            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                            .redirectUri("{baseUrl}/pro/connexion/retour")
                            .scope("openid", "fhir")
                            .authorizationUri("/oauth2/authorize")
                            .tokenUri(self + "/oauth2/token")
                            .jwkSetUri(self + "/oauth2/jwks")
                            .issuerUri(settings.issuer())
                            .userNameAttributeName("sub")
                            .clientName("Carnet")
                            .build();
                    registration = r;
                }
                return r;
            }
        };
    }
}
