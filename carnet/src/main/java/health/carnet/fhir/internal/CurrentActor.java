package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.dossier.PatientLogins;
import health.carnet.shared.Actor;
import health.carnet.security.BearerTokens;
import java.util.UUID;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The caller of the current FHIR request, from its bearer token. */
@Component
class CurrentActor {

    private final PatientLogins logins;

    CurrentActor(PatientLogins logins) {
        this.logins = logins;
    }

    Actor actor() {
        Actor actor = BearerTokens.actor(SecurityContextHolder.getContext().getAuthentication())
                .orElseThrow(() -> new AuthenticationException("A bearer token is required."));
        if (actor.isPatient() && logins.mustChangePassword(actor.id())) {
            throw new ForbiddenOperationException("Change your initial password first (POST /api/me/password).");
        }
        return actor;
    }

    /** Pages of a search are fetched later by id: only the actor who searched may fetch them. */
    void requireSame(Actor searcher) {
        Actor now = actor();
        if (!now.id().equals(searcher.id()) || now.kind() != searcher.kind()) {
            throw new ForbiddenOperationException("These search results belong to another user.");
        }
    }

    static UUID uuid(String id, String type) {
        if (id == null || id.isBlank()) {
            throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException("A " + type + " id is required: " + type + "/<id>.");
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ResourceNotFoundException("No " + type + " " + id);
        }
    }
}
