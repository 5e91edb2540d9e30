package health.carnet.web.internal;

import health.carnet.dossier.PatientLogins;
import health.carnet.shared.Actor;
import health.carnet.security.BearerTokens;
import health.carnet.shared.Problem;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** The caller of an /api request, as an Actor; patients must have changed their initial password. */
@Component
class Callers {

    private final PatientLogins logins;

    Callers(PatientLogins logins) {
        this.logins = logins;
    }

    Actor actor(Authentication auth) {
        Actor actor = BearerTokens.actor(auth)
                .orElseThrow(() -> new Problem(Problem.Kind.UNAUTHENTICATED, "A bearer token is required."));
        if (actor.isPatient() && logins.mustChangePassword(actor.id())) {
            throw Problem.forbidden("Change your initial password first: POST /api/me/password.");
        }
        return actor;
    }

    Actor patient(Authentication auth) {
        Actor actor = BearerTokens.actor(auth)
                .orElseThrow(() -> new Problem(Problem.Kind.UNAUTHENTICATED, "A bearer token is required."));
        if (!actor.isPatient()) {
            throw Problem.forbidden("This is for patients and legal representatives.");
        }
        return actor;
    }
}
