package health.carnet.web.internal.pro;

import health.carnet.shared.Actor;
import health.carnet.security.BearerTokens;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * After the authorization code exchange: the access token is checked exactly as a bearer token on
 * /fhir and /api is (trusted issuer, signature, expiry, Carnet's claims), and its Actor becomes the
 * portal's user. A token /fhir would refuse cannot open the portal either.
 */
@Component
class ProLogin implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final BearerTokens tokens;
    private final OidcUserService oidc = new OidcUserService();

    ProLogin(BearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = oidc.loadUser(request);
        var attributes = (ServletRequestAttributes) RequestContextHolder.getRequestAttributes();
        try {
            Authentication verified = tokens.resolver().resolve(attributes == null ? null : attributes.getRequest())
                    .authenticate(new BearerTokenAuthenticationToken(request.getAccessToken().getTokenValue()));
            Actor actor = BearerTokens.actor(verified)
                    .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error("invalid_token")));
            if (!actor.isProfessional()) {
                throw new OAuth2AuthenticationException(new OAuth2Error("invalid_token", "Not a professional", null));
            }
            return new ProUser(user, actor);
        } catch (AuthenticationException e) {
            throw new OAuth2AuthenticationException(new OAuth2Error("invalid_token", e.getMessage(), null), e);
        }
    }
}
