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
                 @RequestParam(required = false) String bloque, Model model) {
        // SEC-5: too many wrong codes for one IDNPS (IssuerGuesses), known or not
        model.addAttribute("bloque", bloque != null);
        model.addAttribute("erreur", error != null || bloque != null);
        model.addAttribute("deconnecte", logout != null);
        return "issuer/connexion";
    }
}
