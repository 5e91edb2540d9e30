package health.carnet.web.internal.pro;

import health.carnet.shared.Actor;
import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** The signed-in professional: the OIDC user, with the Actor their access token names (the same reading as on /fhir). */
final class ProUser extends DefaultOidcUser {

    private final transient Actor actor;

    ProUser(OidcUser user, Actor actor) {
        super(List.of(new SimpleGrantedAuthority("ROLE_PROFESSIONAL")), user.getIdToken(), user.getUserInfo(), "sub");
        this.actor = actor;
    }

    Actor actor() {
        return actor;
    }
}
