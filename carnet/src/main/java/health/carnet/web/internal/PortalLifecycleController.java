package health.carnet.web.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.dossier.ContactChanges;
import health.carnet.dossier.DossierState;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.PatientLogins;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Close, reopen, destroy (DOS-5, DOS-6) and the account's password: each on a page that says the
 * consequences and asks for the password again; destruction also asks for a typed confirmation.
 * The gate decides and audits, as on the API.
 */
@Controller
@PatientPages
class PortalLifecycleController {

    static final String TYPED = "SUPPRIMER";

    private final PortalSession portal;
    private final Gate gate;
    private final Dossiers dossiers;
    private final PatientLogins logins;
    private final MessageSource messages;
    private final ContactChanges contacts;

    PortalLifecycleController(PortalSession portal, Gate gate, Dossiers dossiers, PatientLogins logins, MessageSource messages,
                              ContactChanges contacts) {
        this.contacts = contacts;
        this.portal = portal;
        this.gate = gate;
        this.dossiers = dossiers;
        this.logins = logins;
        this.messages = messages;
    }

    @GetMapping("/portail/fermeture")
    String closePage(HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "compte");
        model.addAttribute("etat", c.dossier().state().name());
        model.addAttribute("detruitApres", Words.day(c.dossier().destroyAfter(), locale));
        return "portail/fermeture";
    }

    @PostMapping("/portail/fermeture")
    String close(@RequestParam(defaultValue = "") String motDePasse, HttpServletRequest request, Model model, Locale locale,
                 RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        if (c.dossier().state() != DossierState.ACTIVE) {
            return "redirect:/portail/accueil"; // already closed: a second submit does nothing
        }
        if (!passwordConfirmed(c, motDePasse, model, locale)) {
            return closePage(request, model, locale);
        }
        dossiers.close(gate.authorize(new AccessRequest(c.me(), Action.CLOSE_DOSSIER, c.dossierId())), c.me().id());
        redirect.addFlashAttribute("succes", "fermeture.faite");
        return "redirect:/portail/accueil";
    }

    @PostMapping("/portail/reactivation")
    String reopen(@RequestParam(defaultValue = "") String motDePasse, HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        if (c.dossier().state() != DossierState.CLOSED) {
            return "redirect:/portail/accueil";
        }
        if (!passwordConfirmed(c, motDePasse, model, locale)) {
            return closePage(request, model, locale);
        }
        dossiers.reopen(gate.authorize(new AccessRequest(c.me(), Action.REOPEN_DOSSIER, c.dossierId())), c.me().id());
        return "redirect:/portail/accueil";
    }

    /**
     * The password asked again: an empty field is said as such and is not a failed attempt (it would count
     * toward the lock-out, SEC-5); a wrong one is, as at login.
     */
    private boolean passwordConfirmed(PortalSession.Current c, String motDePasse, Model model, Locale locale) {
        if (motDePasse.isBlank()) {
            model.addAttribute("erreurMotDePasse", messages.getMessage("fermeture.motDePasseVide", null, locale));
            return false;
        }
        if (!logins.confirmPassword(c.me().id(), motDePasse)) {
            model.addAttribute("erreurMotDePasse", messages.getMessage("fermeture.motDePasseFaux", null, locale));
            return false;
        }
        return true;
    }

    @GetMapping("/portail/suppression")
    String destroyPage(HttpServletRequest request, Model model) {
        portal.current(request, model);
        model.addAttribute("rubrique", "compte");
        return "portail/suppression";
    }

    @PostMapping("/portail/suppression")
    String destroy(@RequestParam(defaultValue = "") String confirmation, @RequestParam(defaultValue = "") String motDePasse,
                   HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        boolean typed = TYPED.equals(confirmation.strip().toUpperCase(Locale.ROOT));
        if (!typed) {
            model.addAttribute("erreurConfirmation", messages.getMessage("suppression.confirmationFausse", null, locale));
        }
        if (!typed || !passwordConfirmed(c, motDePasse, model, locale)) {
            return destroyPage(request, model);
        }
        dossiers.destroy(gate.authorize(new AccessRequest(c.me(), Action.DESTROY_DOSSIER, c.dossierId())), c.me().id());
        HttpSession session = request.getSession(false);
        if (session != null && c.own()) {
            session.invalidate();
        }
        return "redirect:/portail/supprime";
    }

    @GetMapping("/portail/supprime")
    String destroyed() {
        return "portail/supprime";
    }

    @GetMapping("/portail/compte")
    String account(HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "compte");
        model.addAttribute("identifiant", c.me().id());
        // the logged-in person's own details (a representative's, not the child's dossier's)
        ContactChanges.Contact contact = contacts.current(c.me().id());
        model.addAttribute("courriel", contact.email());
        model.addAttribute("telephone", Words.phone(contact.phone()));
        model.addAttribute("canal", contact.channel().name());
        return "portail/compte";
    }

    @PostMapping("/portail/compte/mot-de-passe")
    String password(@RequestParam(defaultValue = "") String actuel, @RequestParam(defaultValue = "") String nouveau,
                    @RequestParam(defaultValue = "") String confirmation, HttpServletRequest request, Model model, Locale locale,
                    RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        String error = PasswordForm.check(actuel, nouveau, confirmation);
        if (error == null) {
            try {
                logins.changePassword(c.me().id(), actuel, nouveau, null);
                // the change closed every session opened before it: this one goes on, as if opened now
                request.getSession(false).setAttribute(PortalSession.SINCE, java.time.Instant.now());
            } catch (Problem p) {
                error = p.kind() == Problem.Kind.UNAUTHENTICATED ? "motDePasse.actuelFaux"
                        : p.kind() == Problem.Kind.LOCKED ? "connexion.bloque" : "motDePasse.regle";
            }
        }
        if (error != null) {
            model.addAttribute(PasswordForm.field(error), messages.getMessage(error, null, locale));
            return account(request, model, locale);
        }
        redirect.addFlashAttribute("succes", "compte.motDePasseChange");
        return "redirect:/portail/compte";
    }
}
