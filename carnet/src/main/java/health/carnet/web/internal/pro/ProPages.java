package health.carnet.web.internal.pro;

import health.carnet.shared.Actor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page of /pro shows in its header (who is signed in, for which structure, the other
 * language) and the headers of every answer: clinical pages are never cached (no-store).
 */
@ControllerAdvice(basePackageClasses = ProPages.class)
class ProPages {

    private final ProContext context;

    ProPages(ProContext context) {
        this.context = context;
    }

    @ModelAttribute
    void common(HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        context.user(auth).ifPresent(u -> {
            Actor token = u.actor();
            model.addAttribute("moi", token.name());
            if (session != null) {
                context.structureName(session, token).ifPresent(s -> model.addAttribute("maStructure", s));
            }
        });
        model.addAttribute("chemin", request.getRequestURI());
    }
}
