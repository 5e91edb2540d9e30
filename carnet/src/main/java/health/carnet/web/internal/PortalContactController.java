package health.carnet.web.internal;

import health.carnet.dossier.ContactChanges;
import health.carnet.dossier.ContactChannel;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Mon compte" → contact details and the channel of codes and notices: the new address gets a code
 * and changes nothing until it is typed back ({@link ContactChanges}); the old address is told.
 * These are the logged-in person's own details (a representative's, not the child's).
 */
@Controller
@PatientPages
class PortalContactController {

    static final String CHANGE = "carnet.portal.contact";
    private static final String FORM = "portail/coordonnees";
    private static final String CODE = "portail/coordonnees-code";

    private final PortalSession portal;
    private final ContactChanges changes;
    private final MessageSource messages;

    PortalContactController(PortalSession portal, ContactChanges changes, MessageSource messages) {
        this.portal = portal;
        this.changes = changes;
        this.messages = messages;
    }

    record Pending(UUID requestId, String to) implements Serializable {
    }

    @GetMapping("/portail/compte/coordonnees")
    String form(HttpServletRequest request, Model model) {
        PortalSession.Current c = portal.current(request, model);
        ContactChanges.Contact now = changes.current(c.me().id());
        model.addAttribute("rubrique", "compte");
        model.addAttribute("courriel", now.email());
        model.addAttribute("telephone", now.phone());
        model.addAttribute("canal", now.channel().name());
        return FORM;
    }

    @PostMapping("/portail/compte/coordonnees")
    String change(@RequestParam(defaultValue = "") String courriel, @RequestParam(defaultValue = "") String telephone,
                  @RequestParam(defaultValue = "EMAIL") String canal, HttpServletRequest request, Model model, Locale locale,
                  RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "compte");
        model.addAttribute("courriel", courriel);
        model.addAttribute("telephone", telephone);
        ContactChannel channel = "SMS".equals(canal) ? ContactChannel.SMS : ContactChannel.EMAIL;
        model.addAttribute("canal", channel.name());
        String email = courriel.strip();
        String phone = telephone.replaceAll("[\\s.]", "");
        boolean bad = false;
        if (!email.isEmpty() && !ContactChannel.isEmail(email) || email.isEmpty() && channel == ContactChannel.EMAIL) {
            model.addAttribute("erreurCourriel", msg("creation.courrielInvalide", locale));
            bad = true;
        }
        if (!phone.isEmpty() && !ContactChannel.isMobile(phone) || phone.isEmpty() && channel == ContactChannel.SMS) {
            model.addAttribute("erreurTelephone", msg("creation.telephoneInvalide", locale));
            bad = true;
        }
        if (bad) {
            return FORM;
        }
        try {
            ContactChanges.Pending p = changes.request(c.me().id(), channel, email, phone);
            if (p == null) {
                redirect.addFlashAttribute("succes", "coordonnees.faites");
                return "redirect:/portail/compte";
            }
            request.getSession().setAttribute(CHANGE, new Pending(p.requestId(), p.to()));
            return "redirect:/portail/compte/coordonnees/code";
        } catch (Problem p) {
            String text = switch (p.kind()) {
                case TOO_MANY -> msg("code.tropDeDemandes", locale);
                case LOCKED -> msg("oubli.bloque", locale);
                default -> String.valueOf(p.getMessage()).startsWith("Nothing") ? msg("coordonnees.rienChange", locale)
                        : msg("coordonnees.uneALaFois", locale);
            };
            model.addAttribute("erreur", text);
            return FORM;
        }
    }

    @GetMapping("/portail/compte/coordonnees/code")
    String codePage(HttpServletRequest request, Model model) {
        portal.current(request, model);
        Pending p = pending(request);
        if (p == null) {
            return "redirect:/portail/compte/coordonnees";
        }
        model.addAttribute("rubrique", "compte");
        model.addAttribute("destination", p.to());
        return CODE;
    }

    @PostMapping("/portail/compte/coordonnees/code")
    String confirm(@RequestParam(defaultValue = "") String code, HttpServletRequest request, Model model, Locale locale,
                   RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        Pending p = pending(request);
        if (p == null) {
            return "redirect:/portail/compte";
        }
        model.addAttribute("rubrique", "compte");
        model.addAttribute("destination", p.to());
        String typed = code.replaceAll("\\s", "");
        if (!typed.matches("[0-9]{6}")) {
            model.addAttribute("erreur", msg("code.format", locale));
            return CODE;
        }
        try {
            changes.confirm(c.me().id(), p.requestId(), typed);
        } catch (Problem failed) {
            model.addAttribute("erreur", msg(switch (failed.kind()) {
                case UNAUTHENTICATED -> "code.incorrect";
                case TOO_MANY -> "code.tropErreurs";
                case LOCKED -> "oubli.bloque";
                default -> "code.expire";
            }, locale));
            return CODE;
        }
        request.getSession().removeAttribute(CHANGE);
        redirect.addFlashAttribute("succes", "coordonnees.faites");
        return "redirect:/portail/compte";
    }

    private static Pending pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(CHANGE) instanceof Pending p ? p : null;
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
