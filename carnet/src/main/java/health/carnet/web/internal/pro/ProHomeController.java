package health.carnet.web.internal.pro;

import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The professionals' entry: sign in through the issuer, choose the activity, then find a patient. */
@Controller
class ProHomeController {

    private final ProContext context;

    ProHomeController(ProContext context) {
        this.context = context;
    }

    @GetMapping("/pro")
    String home(Authentication auth, @RequestParam(required = false) String echec,
                @RequestParam(required = false) String deconnecte, Model model) {
        if (context.user(auth).isPresent()) {
            return "redirect:/pro/accueil";
        }
        model.addAttribute("echec", echec != null);
        model.addAttribute("deconnecte", deconnecte != null);
        model.addAttribute("connexion", ProSecurityConfiguration.LOGIN);
        return "pro/accueil";
    }

    @GetMapping("/pro/accueil")
    String start() {
        return "redirect:/pro/patients";
    }

    @GetMapping("/pro/activite")
    String activities(Authentication auth, HttpSession session, Model model) {
        ProUser user = context.require(auth);
        model.addAttribute("activites", context.activities(user.actor()));
        model.addAttribute("choisie", context.chosen(session, user.actor()).map(a -> a.id()).orElse(null));
        return "pro/activite";
    }

    @PostMapping("/pro/activite")
    String choose(Authentication auth, HttpSession session, @RequestParam(required = false) String activite, Model model) {
        ProUser user = context.require(auth);
        try {
            context.choose(session, user.actor(), activite);
        } catch (Problem p) {
            model.addAttribute("erreur", "activite.erreur");
            return activities(auth, session, model);
        }
        Object next = session.getAttribute(ActivityChoice.NEXT);
        session.removeAttribute(ActivityChoice.NEXT);
        return next instanceof String s && s.startsWith("/pro/") && !s.startsWith("//") ? "redirect:" + s : "redirect:/pro/patients";
    }
}
