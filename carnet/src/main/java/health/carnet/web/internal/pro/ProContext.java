package health.carnet.web.internal.pro;

import health.carnet.directory.Activity;
import health.carnet.directory.Directory;
import health.carnet.directory.Professional;
import health.carnet.shared.Actor;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.Idnps;
import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who acts on this request of the portal: the Actor of the professional's access token, in the
 * activity (structure) they chose among the directory's, with the access mode they declared for
 * one dossier (break-glass EMG-2, centre 15 EMG-1). Everything here is the server's own session
 * state; nothing a form sends is taken without checking it against the directory.
 */
@Component
class ProContext {

    static final String ACTIVITY = "carnet.pro.activite";
    static final String MODES = "carnet.pro.modes";

    private final Directory directory;

    ProContext(Directory directory) {
        this.directory = directory;
    }

    Optional<ProUser> user(Authentication auth) {
        return auth != null && auth.getPrincipal() instanceof ProUser u ? Optional.of(u) : Optional.empty();
    }

    ProUser require(Authentication auth) {
        return user(auth).orElseThrow(() -> new Problem(Problem.Kind.UNAUTHENTICATED, "Not signed in."));
    }

    /** The professional's activities in the directory (empty for someone only a foreign issuer knows). */
    List<Activity> activities(Actor token) {
        try {
            return directory.professional(Idnps.of(token.id())).map(Professional::activities).orElse(List.of());
        } catch (InvalidIdentifierException e) {
            return List.of();
        }
    }

    Optional<Activity> chosen(HttpSession session, Actor token) {
        Object id = session.getAttribute(ACTIVITY);
        if (id == null) {
            List<Activity> all = activities(token);
            return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
        }
        return activities(token).stream().filter(a -> a.id() == (Long) id).findFirst();
    }

    /** Several activities and none chosen yet: the professional says in which structure they act. */
    boolean mustChoose(HttpSession session, Actor token) {
        return session.getAttribute(ACTIVITY) == null && activities(token).size() > 1;
    }

    /** Only one of the professional's own activities can be chosen: a forged id is refused. */
    void choose(HttpSession session, Actor token, String activityId) {
        long id;
        try {
            id = Long.parseLong(activityId == null ? "" : activityId.trim());
        } catch (NumberFormatException e) {
            throw Problem.invalid("activite");
        }
        if (activities(token).stream().noneMatch(a -> a.id() == id)) {
            throw Problem.invalid("activite");
        }
        session.setAttribute(ACTIVITY, id);
    }

    /** The actor for requests that touch no particular dossier. */
    Actor actor(Authentication auth, HttpSession session) {
        Actor token = require(auth).actor();
        return chosen(session, token).map(a -> new Actor(token.kind(), token.id(), token.name(), token.profession(),
                a.specialtyCode(), a.structure() == null ? token.structure()
                : a.structure().finess() != null ? a.structure().finess() : a.structure().id(),
                a.role() == null ? token.role() : a.role(), token.purposeOfUse(), token.issuer())).orElse(token);
    }

    /** The actor for a request on one dossier: in the access mode declared for it, if any. */
    Actor actor(Authentication auth, HttpSession session, UUID dossier) {
        Actor a = actor(auth, session);
        PurposeOfUse mode = modes(session).get(dossier);
        return mode == null ? a : withPurpose(a, mode);
    }

    static Actor withPurpose(Actor a, PurposeOfUse purpose) {
        return new Actor(a.kind(), a.id(), a.name(), a.profession(), a.specialty(), a.structure(), a.role(), purpose, a.issuer());
    }

    PurposeOfUse mode(HttpSession session, UUID dossier) {
        return modes(session).getOrDefault(dossier, PurposeOfUse.TREAT);
    }

    void mode(HttpSession session, UUID dossier, PurposeOfUse purpose) {
        Map<UUID, PurposeOfUse> m = new HashMap<>(modes(session));
        m.put(dossier, purpose);
        session.setAttribute(MODES, m);
    }

    @SuppressWarnings("unchecked")
    private static Map<UUID, PurposeOfUse> modes(HttpSession session) {
        Object m = session.getAttribute(MODES);
        return m == null ? Map.of() : (Map<UUID, PurposeOfUse>) m;
    }

    /** The structure's name for the header. */
    Optional<String> structureName(HttpSession session, Actor token) {
        return chosen(session, token).map(a -> a.structure() == null ? null : a.structure().name());
    }
}
