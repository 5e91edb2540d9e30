package health.carnet.web.internal;

import health.carnet.shared.ActorKind;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.audit.AuditTrail;
import health.carnet.document.DocumentMeta;
import health.carnet.document.DocumentQuery;
import health.carnet.document.Documents;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.PatientAccounts;
import health.carnet.dossier.PatientLogins;
import health.carnet.shared.Actor;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The patients' web portal (API-2), in French: log in with password and one-time code, see one's
 * dossier (or the minor's one represents), its documents and its access history, close and reopen
 * it. Every action goes through the gate, as on the APIs.
 */
@Controller
class PortalController {

    private static final String ACTOR = "carnet.portal.actor";

    private final PatientLogins logins;
    private final PatientAccounts accounts;
    private final Dossiers dossiers;
    private final Documents documents;
    private final AuditTrail audit;
    private final Gate gate;

    PortalController(PatientLogins logins, PatientAccounts accounts, Dossiers dossiers, Documents documents, AuditTrail audit,
                     Gate gate) {
        this.logins = logins;
        this.accounts = accounts;
        this.dossiers = dossiers;
        this.documents = documents;
        this.audit = audit;
        this.gate = gate;
    }

    @GetMapping("/portail")
    String home(HttpSession session) {
        return session.getAttribute(ACTOR) == null ? "portail/connexion" : "redirect:/portail/dossier";
    }

    @PostMapping("/portail/connexion")
    String login(@RequestParam String identifiant, @RequestParam String motDePasse, Model model) {
        try {
            PatientLogins.Challenge c = logins.start(identifiant, motDePasse);
            model.addAttribute("challengeId", c.challengeId());
            model.addAttribute("destination", c.to());
            return "portail/code";
        } catch (Problem p) {
            model.addAttribute("erreur", p.getMessage());
            return "portail/connexion";
        }
    }

    @PostMapping("/portail/code")
    String code(@RequestParam UUID challengeId, @RequestParam String code, HttpSession session,
                jakarta.servlet.http.HttpServletRequest request, Model model) {
        try {
            PatientLogins.LoggedIn in = logins.finish(challengeId, code);
            request.changeSessionId(); // no session fixation across the login
            session.setAttribute(ACTOR, new Actor(ActorKind.PATIENT, in.login(), accounts.displayName(in.login()).orElse(in.login()),
                    null, null, null, ActorRole.CARE, PurposeOfUse.TREAT, "portal"));
            return "redirect:/portail/dossier";
        } catch (Problem p) {
            model.addAttribute("erreur", p.getMessage());
            model.addAttribute("challengeId", challengeId);
            return "portail/code";
        }
    }

    @PostMapping("/portail/deconnexion")
    String logout(HttpSession session) {
        session.invalidate();
        return "redirect:/portail";
    }

    record DossierView(Dossier dossier, boolean own, List<DocumentMeta> documents, List<health.carnet.audit.AuditRecord> history) {
    }

    @GetMapping("/portail/dossier")
    String dossier(HttpSession session, Model model) {
        Actor me = (Actor) session.getAttribute(ACTOR);
        if (me == null) {
            return "redirect:/portail";
        }
        if (logins.mustChangePassword(me.id())) {
            return "portail/mot-de-passe";
        }
        String owner = me.id();
        List<DossierView> views = accounts.dossiersOf(me.id()).stream()
                .map(id -> dossiers.identity(gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, id), "portail: dossier")))
                .map(d -> view(me, d, owner.equals(accounts.ownerLogin(d.id()).orElse(null)))).toList();
        model.addAttribute("nom", me.name());
        model.addAttribute("dossiers", views);
        return "portail/dossier";
    }

    private DossierView view(Actor me, Dossier d, boolean own) {
        List<DocumentMeta> docs = List.of();
        List<health.carnet.audit.AuditRecord> history = List.of();
        if (d.state() == health.carnet.dossier.DossierState.ACTIVE) {
            Permit read = gate.tryAuthorize(new AccessRequest(me, Action.READ_DOCUMENTS, d.id()), "portail: documents").orElse(null);
            if (read != null) {
                docs = documents.search(read, DocumentQuery.all(), 0, 50);
            }
        }
        Permit historyPermit = gate.tryAuthorize(new AccessRequest(me, Action.READ_HISTORY, d.id()), "portail: historique").orElse(null);
        if (historyPermit != null) {
            history = audit.history(historyPermit, 0, 20);
        }
        return new DossierView(d, own, docs, history);
    }

    @PostMapping("/portail/mot-de-passe")
    String password(@RequestParam String actuel, @RequestParam String nouveau, HttpSession session, Model model) {
        Actor me = (Actor) session.getAttribute(ACTOR);
        if (me == null) {
            return "redirect:/portail";
        }
        try {
            logins.changePassword(me.id(), actuel, nouveau);
            return "redirect:/portail/dossier";
        } catch (Problem p) {
            model.addAttribute("erreur", p.getMessage());
            return "portail/mot-de-passe";
        }
    }

    @PostMapping("/portail/dossier/{id}/{action}")
    String lifecycle(@PathVariable UUID id, @PathVariable String action, HttpSession session, Model model) {
        Actor me = (Actor) session.getAttribute(ACTOR);
        if (me == null) {
            return "redirect:/portail";
        }
        try {
            switch (action) {
                case "fermer" -> dossiers.close(gate.authorize(new AccessRequest(me, Action.CLOSE_DOSSIER, id)), me.id());
                case "rouvrir" -> dossiers.reopen(gate.authorize(new AccessRequest(me, Action.REOPEN_DOSSIER, id)), me.id());
                default -> throw Problem.notFound("Action inconnue.");
            }
        } catch (Problem p) {
            model.addAttribute("erreur", p.getMessage());
            return dossier(session, model);
        }
        return "redirect:/portail/dossier";
    }
}
