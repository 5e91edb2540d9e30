package health.carnet.web.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.PatientAccounts;
import health.carnet.dossier.PatientLogins;
import health.carnet.security.PatientTokens;
import health.carnet.shared.Actor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Who is logged in to the patients' portal and which dossier they are looking at: their own, or
 * that of a minor they represent (MIN-2), chosen in the header. Kept in the HTTP session, never in
 * URLs; checked against the accounts at every request, so a representative who lost the right at
 * the child's majority (MIN-4) no longer sees the child's dossier.
 */
@Component
class PortalSession {

    static final String ACTOR = "carnet.portal.actor";
    static final String ACTIVE = "carnet.portal.dossier";
    static final String CHALLENGE = "carnet.portal.challenge";
    static final String RESUME = "carnet.portal.resume";
    static final String EXPIRED = "carnet.portal.expired";
    static final String SINCE = "carnet.portal.since";

    private final PatientAccounts accounts;
    private final Dossiers dossiers;
    private final PatientLogins logins;
    private final Gate gate;
    private final PatientTokens tokens;

    PortalSession(PatientAccounts accounts, Dossiers dossiers, PatientLogins logins, Gate gate, PatientTokens tokens) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.dossiers = dossiers;
        this.logins = logins;
        this.gate = gate;
    }

    /** One dossier the person may switch to, with the words the header shows. */
    record Choice(UUID id, String label, String elision, boolean own, boolean selected) {
    }

    /** The logged-in person and the dossier the page is about. */
    record Current(Actor me, Dossier dossier, boolean own, List<Choice> choices) {
        UUID dossierId() {
            return dossier.id();
        }
    }

    /** Thrown when there is no logged-in person: the advice sends them to the login page, and back here after. */
    static final class NotLoggedIn extends RuntimeException {
        NotLoggedIn() {
            super(null, null, false, false);
        }
    }

    /** Thrown while the initial password is still to be changed. */
    static final class MustChangePassword extends RuntimeException {
        MustChangePassword() {
            super(null, null, false, false);
        }
    }

    Actor actor(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object actor = session == null ? null : session.getAttribute(ACTOR);
        if (actor == null) {
            throw new NotLoggedIn();
        }
        Actor me = (Actor) actor;
        // a password reset since this login closes the session (the one who reset logs in again)
        if (tokens.revoked(me.id(), (java.time.Instant) session.getAttribute(SINCE))) {
            session.invalidate();
            throw new NotLoggedIn();
        }
        return me;
    }

    /** The dossiers a person may switch between, with their first names, kept for the session (read once, with permits). */
    private record Switch(List<UUID> ids, List<String> names) implements java.io.Serializable {
    }

    static final String SWITCH = "carnet.portal.switch";

    /** The current person and dossier, and the header's model attributes. */
    Current current(HttpServletRequest request, Model model) {
        Actor me = actor(request);
        if (logins.mustChangePassword(me.id())) {
            throw new MustChangePassword();
        }
        HttpSession session = request.getSession(false);
        List<UUID> ids = accounts.dossiersOf(me.id());
        if (ids.isEmpty()) {
            throw new NotLoggedIn();
        }
        UUID wanted = (UUID) session.getAttribute(ACTIVE);
        UUID selected = wanted != null && ids.contains(wanted) ? wanted : ids.get(0);
        session.setAttribute(ACTIVE, selected);
        // the shown dossier is read with the gate's permit, every time (its state may have changed)
        Dossier current = dossiers.identity(gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, selected), "portail"));
        String ownerOfFirst = accounts.ownerLogin(ids.get(0)).orElse(null);
        Switch known = session.getAttribute(SWITCH) instanceof Switch sw && sw.ids().equals(ids) ? sw : null;
        if (known == null) {
            List<String> names = new ArrayList<>();
            for (UUID id : ids) {
                names.add(id.equals(selected) ? current.givenNames()
                        : gate.tryAuthorize(new AccessRequest(me, Action.LOOKUP_PATIENT, id), "portail: dossiers représentés")
                                .map(p -> dossiers.identity(p).givenNames()).orElse(null));
            }
            known = new Switch(List.copyOf(ids), java.util.Collections.unmodifiableList(names));
            session.setAttribute(SWITCH, known);
        }
        List<Choice> choices = new ArrayList<>();
        boolean own = selected.equals(ids.get(0)) && me.id().equals(ownerOfFirst);
        for (int i = 0; i < ids.size(); i++) {
            String name = known.names().get(i);
            if (name == null) {
                continue;
            }
            boolean mine = i == 0 && me.id().equals(ownerOfFirst);
            choices.add(new Choice(ids.get(i), name, Words.elides(name), mine, ids.get(i).equals(selected)));
        }
        model.addAttribute("moi", me.name());
        model.addAttribute("choix", choices);
        model.addAttribute("dossierCourant", current);
        model.addAttribute("proprietaire", own);
        model.addAttribute("prenom", current.givenNames());
        model.addAttribute("prenomElide", Words.elides(current.givenNames()));
        return new Current(me, current, own, choices);
    }

    void select(HttpServletRequest request, UUID id) {
        Actor me = actor(request);
        if (accounts.dossiersOf(me.id()).contains(id)) {
            request.getSession(false).setAttribute(ACTIVE, id);
        }
    }
}
