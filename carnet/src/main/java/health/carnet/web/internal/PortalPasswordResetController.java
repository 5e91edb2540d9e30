package health.carnet.web.internal;

import health.carnet.dossier.PasswordResets;
import health.carnet.platform.GuessLimits;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Forgotten password from the login page: the login → a code on the account's channel → a new
 * password. The page says the same whether the login exists or not; the request waits in the
 * session, never in the URL. {@link PasswordResets} counts, locks, revokes and notifies.
 */
@Controller
@PatientPages
class PortalPasswordResetController {

    static final String RESET = "carnet.portal.reset";

    private final PasswordResets resets;
    private final GuessLimits limits;
    private final MessageSource messages;

    PortalPasswordResetController(PasswordResets resets, GuessLimits limits, MessageSource messages) {
        this.resets = resets;
        this.limits = limits;
        this.messages = messages;
    }

    record Pending(UUID requestId, String login) implements Serializable {
    }

    @GetMapping("/portail/mot-de-passe-oublie")
    String page() {
        return "portail/oubli";
    }

    @PostMapping("/portail/mot-de-passe-oublie")
    String start(@RequestParam(defaultValue = "") String identifiant, HttpServletRequest request, Model model, Locale locale) {
        model.addAttribute("identifiant", identifiant);
        if (identifiant.isBlank()) {
            model.addAttribute("erreur", msg("oubli.manquant", locale));
            return "portail/oubli";
        }
        String error = send(identifiant.trim(), request, locale);
        if (error != null) {
            model.addAttribute("erreur", error);
            return "portail/oubli";
        }
        return "redirect:/portail/mot-de-passe-oublie/code";
    }

    /** Sends a (new) code; the error to show, or null. */
    private String send(String login, HttpServletRequest request, Locale locale) {
        try {
            UUID id = resets.start(login);
            request.getSession(true).setAttribute(RESET, new Pending(id, login));
            return null;
        } catch (Problem p) {
            return lockMessage(login, locale);
        }
    }

    @GetMapping("/portail/mot-de-passe-oublie/code")
    String codePage(HttpServletRequest request, Model model) {
        if (pending(request) == null) {
            return "redirect:/portail/mot-de-passe-oublie";
        }
        return "portail/oubli-code";
    }

    @PostMapping("/portail/mot-de-passe-oublie/nouveau-code")
    String resend(HttpServletRequest request, Model model, Locale locale, RedirectAttributes redirect) {
        Pending p = pending(request);
        if (p == null) {
            return "redirect:/portail/mot-de-passe-oublie";
        }
        String error = send(p.login(), request, locale);
        if (error != null) {
            model.addAttribute("erreur", error);
            return "portail/oubli-code";
        }
        redirect.addFlashAttribute("info", "oubli.nouveauCodeEnvoye");
        return "redirect:/portail/mot-de-passe-oublie/code";
    }

    @PostMapping("/portail/mot-de-passe-oublie/code")
    String finish(@RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String nouveau,
                  @RequestParam(defaultValue = "") String confirmation, HttpServletRequest request, Model model, Locale locale,
                  RedirectAttributes redirect) {
        Pending p = pending(request);
        if (p == null) {
            return "redirect:/portail/mot-de-passe-oublie";
        }
        String typed = code.replaceAll("\\s", "");
        if (!typed.matches("[0-9]{6}")) {
            model.addAttribute("erreur", msg("code.format", locale));
            return "portail/oubli-code";
        }
        String rule = PasswordForm.check(null, nouveau, confirmation);
        if (rule != null) {
            model.addAttribute(PasswordForm.field(rule), msg(rule, locale));
            return "portail/oubli-code";
        }
        try {
            resets.finish(p.requestId(), typed, nouveau);
        } catch (Problem failed) {
            String text = switch (failed.kind()) {
                case UNAUTHENTICATED -> msg("code.incorrect", locale);
                case LOCKED -> lockMessage(p.login(), locale);
                case TOO_MANY -> msg("code.tropErreurs", locale);
                case INVALID -> null;
                default -> msg("code.expire", locale);
            };
            if (text == null) {
                model.addAttribute("erreurNouveau", msg("motDePasse.regle", locale));
            } else {
                model.addAttribute("erreur", text);
            }
            return "portail/oubli-code";
        }
        request.getSession().removeAttribute(RESET);
        redirect.addFlashAttribute("identifiant", p.login());
        redirect.addFlashAttribute("info", "oubli.fait");
        return "redirect:/portail/connexion";
    }

    /** Until when codes are refused for this login, in Paris time; the same words for a login that does not exist. */
    private String lockMessage(String login, Locale locale) {
        Optional<Instant> until = limits.lockedUntil(GuessLimits.Limit.LOGIN_CODE, login)
                .or(() -> limits.lockedUntil(GuessLimits.Limit.CODE_REQUESTS, login));
        return until.map(u -> messages.getMessage("oubli.bloqueJusqua", new Object[] {Words.moment(u, locale)}, locale))
                .orElseGet(() -> msg("oubli.bloque", locale));
    }

    private static Pending pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(RESET) instanceof Pending p ? p : null;
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
