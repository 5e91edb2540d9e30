package health.carnet.security.internal;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import health.carnet.directory.Activity;
import health.carnet.directory.Directory;
import health.carnet.directory.Professional;
import health.carnet.platform.CarnetSettings;
import health.carnet.shared.PurposeOfUse;
import health.carnet.security.SecuritySettings;
import health.carnet.security.TokenClaims;
import health.carnet.shared.Idnps;
import health.carnet.shared.InvalidIdentifierException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The embedded issuer: Spring Authorization Server over the directory, standing in for the CPS
 * card and Pro Santé Connect so Carnet runs on one machine. Two OAuth2 flows (README):
 * <ul>
 * <li>authorization code + PKCE for browsers (public client {@code carnet-portal}); the
 *     professional signs in with their IDNPS and the demo password;</li>
 * <li>client credentials for practice software: client {@code lps-<IDNPS>} is the software
 *     installation bound to that professional's card, as in the DMP's card-reader set-ups.</li>
 * </ul>
 * Scopes {@code purpose.ETREAT} and {@code purpose.BTG} ask for a regulator or break-glass
 * purpose of use; the default is TREAT.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "carnet.security.embedded-issuer", havingValue = "true", matchIfMissing = true)
class EmbeddedIssuerConfiguration {

    static final String PORTAL_CLIENT = "carnet-portal";
    static final String SOFTWARE_CLIENT_PREFIX = "lps-";
    static final String PURPOSE_SCOPE_PREFIX = "purpose.";

    @Bean
    @ConditionalOnWebApplication
    @Order(1)
    SecurityFilterChain issuerChain(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer issuer = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(issuer.getEndpointsMatcher())
                .with(issuer, as -> as.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .csrf(c -> c.ignoringRequestMatchers(issuer.getEndpointsMatcher()))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(CarnetSettings settings) {
        RSAKey key = SigningKey.loadOrCreate(settings.home().resolve("issuer-signing-key.json"));
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(SecuritySettings settings) {
        return AuthorizationServerSettings.builder().issuer(settings.issuer()).build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Professionals sign in at the issuer's login page with their IDNPS; the card PIN is the demo password. */
    @Bean
    UserDetailsService professionalLogins(Directory directory, SecuritySettings settings, PasswordEncoder encoder) {
        String hash = encoder.encode(settings.demoPassword());
        return username -> {
            try {
                return directory.professional(Idnps.of(username))
                        .map(p -> User.withUsername(p.idnps().value()).password(hash).roles("PROFESSIONAL").build())
                        .orElseThrow(() -> new UsernameNotFoundException("No professional " + username));
            } catch (InvalidIdentifierException e) {
                throw new UsernameNotFoundException(e.getMessage());
            }
        };
    }

    @Bean
    RegisteredClientRepository registeredClients(Directory directory, SecuritySettings settings, PasswordEncoder encoder) {
        TokenSettings tokens = TokenSettings.builder().accessTokenTimeToLive(settings.tokenLifetime()).build();
        Set<String> scopes = Set.of("openid", "fhir", PURPOSE_SCOPE_PREFIX + "ETREAT", PURPOSE_SCOPE_PREFIX + "BTG");
        RegisteredClient portal = RegisteredClient.withId(PORTAL_CLIENT).clientId(PORTAL_CLIENT)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("http://127.0.0.1:8080/authorized")
                .redirectUri("http://localhost:8080/authorized")
                .redirectUri("http://127.0.0.1/callback")
                .scopes(s -> s.addAll(scopes))
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(tokens)
                .build();
        String secret = encoder.encode(settings.demoClientSecret());
        return new RegisteredClientRepository() {
            @Override
            public void save(RegisteredClient registeredClient) {
                throw new UnsupportedOperationException("Clients are derived from the directory");
            }

            @Override
            public RegisteredClient findById(String id) {
                return findByClientId(id);
            }

            @Override
            public RegisteredClient findByClientId(String clientId) {
                if (PORTAL_CLIENT.equals(clientId)) {
                    return portal;
                }
                return softwareClient(clientId).map(p -> RegisteredClient.withId(clientId).clientId(clientId)
                        .clientSecret(secret)
                        .clientName("Practice software of " + p.displayName())
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .scopes(s -> s.addAll(scopes))
                        .tokenSettings(tokens)
                        .build()).orElse(null);
            }

            private Optional<Professional> softwareClient(String clientId) {
                if (clientId == null || !clientId.startsWith(SOFTWARE_CLIENT_PREFIX)) {
                    return Optional.empty();
                }
                try {
                    return directory.professional(Idnps.of(clientId.substring(SOFTWARE_CLIENT_PREFIX.length())));
                } catch (InvalidIdentifierException e) {
                    return Optional.empty();
                }
            }
        };
    }

    /** Writes the professional's directory identity and the purpose of use into every access token. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> professionalClaims(Directory directory, SecuritySettings settings) {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            String subject;
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                subject = context.getRegisteredClient().getClientId().substring(SOFTWARE_CLIENT_PREFIX.length());
            } else {
                subject = context.getPrincipal().getName();
            }
            Professional p = directory.professional(Idnps.of(subject)).orElseThrow();
            Activity main = p.mainActivity();
            PurposeOfUse purpose = purposeOf(context.getAuthorizedScopes());
            // aud: Carnet, the resource server these tokens are for (checked by BearerTokens), not the client
            context.getClaims().subject(p.idnps().value()).audience(List.of(settings.audience()))
                    .claim(TokenClaims.ACTOR_KIND, "PROFESSIONAL")
                    .claim(TokenClaims.IDNPS, p.idnps().value())
                    .claim(TokenClaims.NAME, p.displayName())
                    .claim(TokenClaims.PROFESSION, p.professionCode())
                    .claim(TokenClaims.ROLE, main == null ? "CARE" : main.role().name())
                    .claim(TokenClaims.PURPOSE_OF_USE, purpose.name());
            if (main != null && main.specialtyCode() != null) {
                context.getClaims().claim(TokenClaims.SPECIALTY, main.specialtyCode());
            }
            if (main != null && main.structure() != null) {
                context.getClaims().claim(TokenClaims.STRUCTURE,
                        main.structure().finess() != null ? main.structure().finess() : main.structure().id());
            }
        };
    }

    static PurposeOfUse purposeOf(Set<String> scopes) {
        List<PurposeOfUse> asked = scopes.stream().filter(s -> s.startsWith(PURPOSE_SCOPE_PREFIX))
                .map(s -> PurposeOfUse.parse(s.substring(PURPOSE_SCOPE_PREFIX.length()))).toList();
        if (asked.size() > 1) {
            throw new IllegalArgumentException("Ask for one purpose of use at a time, not " + asked);
        }
        return asked.isEmpty() ? PurposeOfUse.TREAT : asked.get(0);
    }

}
