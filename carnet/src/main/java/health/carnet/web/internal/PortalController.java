package health.carnet.web.internal;

import health.carnet.dossier.PatientAccounts;
import health.carnet.dossier.PatientLogins;
import health.carnet.shared.Actor;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The patients' portal entrance (API-2, AUT-1): the landing page, login with password then a
 * one-time code (the code page survives a refresh: the challenge waits in the session, not in the
 * URL), the initial password change, logout. Messages are French (English when chosen) and the
 * same whether a login exists or not.
 */
@Controller
@PatientPages
class PortalController {

    private final PatientLogins logins;
    private final PatientAccounts accounts;
    private final MessageSource messages;
    private final PortalSession portal;

    PortalController(PatientLogins logins, PatientAccounts accounts, MessageSource messages, PortalSession portal) {
        this.logins = logins;
        this.accounts = accounts;
        this.messages = messages;
        this.portal = portal;
    }

    /** The login step waiting for its code, kept in the session between the two pages. */
    record Pending(UUID challengeId, String login, String to) implements Serializable {
    }

    @GetMapping("/")
    String landing() {
        return "accueil-public";
    }

    @GetMapping("/portail")
    String home(HttpSession session) {
        return session.getAttribute(PortalSession.ACTOR) == null ? "redirect:/portail/connexion" : "redirect:/portail/accueil";
    }

    @GetMapping("/portail/connexion")
    String loginPage(HttpServletRequest request, Model model) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(PortalSession.EXPIRED) != null) {
            session.removeAttribute(PortalSession.EXPIRED);
            model.addAttribute("info", "connexion.expiree");
        }
        if (session != null && session.getAttribute(PortalSession.CHALLENGE) instanceof Pending p) {
            model.addAttribute("identifiant", p.login());
        }
        return "portail/connexion";
    }

    @PostMapping("/portail/connexion")
    String login(@RequestParam(defaultValue = "") String identifiant, @RequestParam(defaultValue = "") String motDePasse,
                 HttpServletRequest request, Model model, Locale locale) {
        model.addAttribute("identifiant", identifiant);
        if (identifiant.isBlank() || motDePasse.isEmpty()) {
            model.addAttribute("erreur", msg("connexion.manquant", locale));
            return "portail/connexion";
        }
        try {
            PatientLogins.Challenge c = logins.start(identifiant, motDePasse);
            request.getSession(true).setAttribute(PortalSession.CHALLENGE, new Pending(c.challengeId(), identifiant.trim(), c.to()));
            return "redirect:/portail/code";
        } catch (Problem p) {
            model.addAttribute("erreur", p.kind() == Problem.Kind.LOCKED ? locked(p, locale) : msg("connexion.incorrect", locale));
            return "portail/connexion";
        }
    }

    @GetMapping("/portail/code")
    String codePage(HttpServletRequest request, Model model) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PortalSession.CHALLENGE) instanceof Pending p)) {
            return "redirect:/portail/connexion";
        }
        model.addAttribute("destination", p.to());
        return "portail/code";
    }

    @PostMapping("/portail/code")
    String code(@RequestParam(defaultValue = "") String code, HttpServletRequest request, Model model, Locale locale) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PortalSession.CHALLENGE) instanceof Pending p)) {
            return "redirect:/portail/connexion";
        }
        model.addAttribute("destination", p.to());
        String typed = code.replaceAll("\\s", "");
        if (!typed.matches("[0-9]{6}")) {
            model.addAttribute("erreur", msg("code.format", locale));
            return "portail/code";
        }
        try {
            PatientLogins.LoggedIn in = logins.finish(p.challengeId(), typed);
            request.changeSessionId(); // no session fixation across the login
            session.removeAttribute(PortalSession.CHALLENGE);
            session.setAttribute(PortalSession.SINCE, Instant.now()); // real time, as the revocations of a password reset
            session.setAttribute(PortalSession.ACTOR, new Actor(health.carnet.shared.ActorKind.PATIENT, in.login(),
                    accounts.displayName(in.login()).orElse(in.login()), null, null, null, ActorRole.CARE, PurposeOfUse.TREAT,
                    "portal"));
            Object resume = session.getAttribute(PortalSession.RESUME);
            session.removeAttribute(PortalSession.RESUME);
            return "redirect:" + (resume instanceof String path ? path : "/portail/accueil");
        } catch (Problem failed) {
            String key = switch (failed.kind()) {
                case UNAUTHENTICATED -> "code.incorrect";
                case TOO_MANY -> "code.tropErreurs";
                default -> "code.expire";
            };
            model.addAttribute("erreur", msg(key, locale));
            model.addAttribute("recommencer", failed.kind() != Problem.Kind.UNAUTHENTICATED);
            return "portail/code";
        }
    }

    /** AUT-1: a really new code (the earlier one stops working), within the limit of codes sent on request (SEC-5). */
    @PostMapping("/portail/code/nouveau")
    String newCode(HttpServletRequest request, Model model, Locale locale, RedirectAttributes redirect) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PortalSession.CHALLENGE) instanceof Pending p)) {
            return "redirect:/portail/connexion";
        }
        try {
            PatientLogins.Challenge c = logins.resend(p.challengeId());
            session.setAttribute(PortalSession.CHALLENGE, new Pending(c.challengeId(), p.login(), c.to()));
            redirect.addFlashAttribute("info", "code.nouveauEnvoye");
            return "redirect:/portail/code";
        } catch (Problem failed) {
            if (failed.kind() == Problem.Kind.GONE || failed.kind() == Problem.Kind.NOT_FOUND) {
                session.removeAttribute(PortalSession.CHALLENGE);
                redirect.addFlashAttribute("identifiant", p.login());
                redirect.addFlashAttribute("info", "code.recommencerMotDePasse");
                return "redirect:/portail/connexion";
            }
            model.addAttribute("destination", p.to());
            model.addAttribute("erreur", failed.kind() == Problem.Kind.LOCKED ? locked(failed, locale)
                    : messages.getMessage("code.tropDeDemandes", null, locale));
            return "portail/code";
        }
    }

    @PostMapping("/portail/deconnexion")
    String logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return "redirect:/portail/connexion";
    }

    @GetMapping("/portail/mot-de-passe")
    String passwordPage(HttpServletRequest request) {
        portal.actor(request);
        return "portail/mot-de-passe";
    }

    @PostMapping("/portail/mot-de-passe")
    String password(@RequestParam(defaultValue = "") String actuel, @RequestParam(defaultValue = "") String nouveau,
                    @RequestParam(defaultValue = "") String confirmation, HttpServletRequest request,
                    Model model, Locale locale) {
        Actor me = portal.actor(request);
        String error = PasswordForm.check(actuel, nouveau, confirmation);
        if (error == null) {
            try {
                logins.changePassword(me.id(), actuel, nouveau);
                return "redirect:/portail/accueil";
            } catch (Problem p) {
                error = p.kind() == Problem.Kind.UNAUTHENTICATED ? "motDePasse.actuelFaux"
                        : p.kind() == Problem.Kind.LOCKED ? "connexion.bloque" : "motDePasse.regle";
            }
        }
        model.addAttribute(PasswordForm.field(error), msg(error, locale));
        return "portail/mot-de-passe";
    }

    private static final Pattern INSTANT = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z)");

    /** The lock-out's end in Paris time, read from the login module's message (it carries an ISO instant). */
    private String locked(Problem p, Locale locale) {
        Matcher m = INSTANT.matcher(String.valueOf(p.getMessage()));
        if (m.find()) {
            try {
                return messages.getMessage("connexion.bloqueJusqua", new Object[] {Words.moment(Instant.parse(m.group(1)), locale)},
                        locale);
            } catch (java.time.format.DateTimeParseException ignored) {
                // fall through to the message without a time
            }
        }
        return msg("connexion.bloque", locale);
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
