package health.carnet.security.internal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The embedded issuer's sign-in page, in French (English with {@code ?lang=en}): the IDNPS and the
 * card's code (the demo password stands in for the CPS PIN). It replaces Spring's English
 * "Please sign in"; the form posts to Spring Security's own /login processing.
 */
@Controller
class IssuerLoginPage {

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
                 @RequestParam(required = false) String bloque, jakarta.servlet.http.HttpServletRequest request, Model model) {
        // the professionals' portal sent its user here because their session expired: say so, once
        // (the attribute's name is the portal's ProSecurityConfiguration.SESSION_EXPIRED)
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute("carnet.pro.session-expiree") != null) {
            session.removeAttribute("carnet.pro.session-expiree");
            model.addAttribute("expiree", error == null && bloque == null);
        }
        // SEC-5: too many wrong codes for one IDNPS (IssuerGuesses), known or not
        model.addAttribute("bloque", bloque != null);
        model.addAttribute("erreur", error != null || bloque != null);
        model.addAttribute("deconnecte", logout != null);
        return "issuer/connexion";
    }
}
