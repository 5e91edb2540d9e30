package health.carnet.web.internal;

import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.DossierCreated;
import health.carnet.dossier.OnlineCreation;
import health.carnet.dossier.PatientAccounts;
import health.carnet.dossier.PatientLogins;
import health.carnet.platform.GuessLimits;
import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Nir;
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
 * DOS-1 in pages: the NIR → a creation code sent to the insured person; that code with the Carte
 * Vitale number and a contact → a 6-digit code sent there; that code → the dossier; then the patient
 * chooses their password at once, so the initial one is never shown (SEC-6) and the first login
 * does not stop on it. The same {@link OnlineCreation} service as {@code /api/creation/*}, so the
 * same rate limits per NIR (SEC-5). Where the patient stands waits in the session, never in the URL.
 */
@Controller
@PatientPages
class PortalCreationController {

    static final String FLOW = "carnet.portal.creation";

    private final OnlineCreation creation;
    private final PatientLogins logins;
    private final PatientAccounts accounts;
    private final GuessLimits limits;
    private final MessageSource messages;

    PortalCreationController(OnlineCreation creation, PatientLogins logins, PatientAccounts accounts, GuessLimits limits,
                             MessageSource messages) {
        this.accounts = accounts;
        this.creation = creation;
        this.logins = logins;
        this.limits = limits;
        this.messages = messages;
    }

    /**
     * The steps done so far. The initial password stays here only between the dossier's creation
     * and the patient's choice of their own, in server memory, and is never rendered.
     */
    record Flow(String nir, String creationSentTo, UUID requestId, String contactTo, String name, String login,
                String initialPassword) implements Serializable {
    }

    @GetMapping("/portail/creation")
    String nirPage(Model model) {
        return "portail/creation";
    }

    @PostMapping("/portail/creation")
    String nir(@RequestParam(defaultValue = "") String nir, HttpServletRequest request, Model model, Locale locale) {
        String typed = nir.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        model.addAttribute("nir", nir);
        Nir parsed;
        try {
            parsed = Nir.of(typed);
        } catch (InvalidIdentifierException e) {
            return fieldError(model, "erreurNir", typed.isEmpty() ? "creation.nirManquant" : "creation.nirInvalide", locale,
                    "portail/creation");
        }
        try {
            OnlineCreation.CodeSent sent = creation.requestCreationCode(parsed.value());
            request.getSession(true).setAttribute(FLOW, new Flow(parsed.value(), sent.to(), null, null, null, null, null));
            return "redirect:/portail/creation/verification";
        } catch (Problem p) {
            String key = switch (p.kind()) {
                case NOT_FOUND -> "creation.nirInconnu";
                case CONFLICT -> "creation.dejaUnDossier";
                case FORBIDDEN -> "creation.mineur";
                case TOO_MANY, LOCKED -> null;
                default -> "creation.nirInvalide";
            };
            if (key == null) {
                model.addAttribute("erreurNir", limits.lockedUntil(GuessLimits.Limit.CREATION, parsed.value()).isPresent()
                        ? lockedMessage(parsed.value(), locale) : msg("creation.tropDeDemandes", locale));
                return "portail/creation";
            }
            return fieldError(model, "erreurNir", key, locale, "portail/creation");
        }
    }

    @GetMapping("/portail/creation/verification")
    String verificationPage(HttpServletRequest request, Model model) {
        Flow f = flow(request);
        if (f == null) {
            return "redirect:/portail/creation";
        }
        model.addAttribute("envoye", f.creationSentTo());
        model.addAttribute("canal", "EMAIL");
        return "portail/creation-verification";
    }

    @PostMapping("/portail/creation/verification")
    String verification(@RequestParam(defaultValue = "") String codeCreation, @RequestParam(defaultValue = "") String carteVitale,
                        @RequestParam(defaultValue = "EMAIL") String canal, @RequestParam(defaultValue = "") String courriel,
                        @RequestParam(defaultValue = "") String telephone, HttpServletRequest request, Model model, Locale locale) {
        Flow f = flow(request);
        if (f == null) {
            return "redirect:/portail/creation";
        }
        ContactChannel channel = "SMS".equals(canal) ? ContactChannel.SMS : ContactChannel.EMAIL;
        String email = courriel.strip();
        String phone = telephone.replaceAll("[\\s.]", "");
        model.addAttribute("envoye", f.creationSentTo());
        model.addAttribute("codeCreation", codeCreation);
        model.addAttribute("carteVitale", carteVitale);
        model.addAttribute("canal", channel.name());
        model.addAttribute("courriel", courriel);
        model.addAttribute("telephone", telephone);
        String view = "portail/creation-verification";
        // every field checked before the service counts a guess: a typo in the address costs no attempt
        boolean bad = false;
        String code = codeCreation.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (code.length() != 12) {
            model.addAttribute("erreurCode", msg("creation.codeFormat", locale));
            bad = true;
        }
        if (carteVitale.isBlank()) {
            model.addAttribute("erreurCarteVitale", msg("creation.carteVitaleManquante", locale));
            bad = true;
        }
        if (channel == ContactChannel.EMAIL && !ContactChannel.isEmail(email)) {
            model.addAttribute("erreurCourriel", msg("creation.courrielInvalide", locale));
            bad = true;
        }
        if (channel == ContactChannel.SMS && !ContactChannel.isMobile(phone)) {
            model.addAttribute("erreurTelephone", msg("creation.telephoneInvalide", locale));
            bad = true;
        }
        if (!email.isEmpty() && channel == ContactChannel.SMS && !ContactChannel.isEmail(email)) {
            model.addAttribute("erreurCourriel", msg("creation.courrielInvalide", locale));
            bad = true;
        }
        if (!phone.isEmpty() && channel == ContactChannel.EMAIL && !ContactChannel.isMobile(phone)) {
            model.addAttribute("erreurTelephone", msg("creation.telephoneInvalide", locale));
            bad = true;
        }
        if (bad) {
            return view;
        }
        try {
            OnlineCreation.ContactCheck check = creation.submitCreationCode(f.nir(), code, carteVitale.strip(), channel,
                    email.isEmpty() ? null : email, phone.isEmpty() ? null : phone);
            request.getSession().setAttribute(FLOW, new Flow(f.nir(), f.creationSentTo(), check.requestId(), check.to(), null, null,
                    null));
            return "redirect:/portail/creation/confirmation";
        } catch (Problem p) {
            if (p.kind() == Problem.Kind.TOO_MANY || p.kind() == Problem.Kind.LOCKED) {
                model.addAttribute("erreurCode", limits.lockedUntil(GuessLimits.Limit.CREATION, f.nir()).isPresent()
                        ? lockedMessage(f.nir(), locale) : msg("creation.codeTropErreurs", locale));
            } else if (p.kind() == Problem.Kind.GONE) {
                model.addAttribute("erreurCode", msg("creation.codeExpire", locale));
            } else if (String.valueOf(p.getMessage()).contains("Carte Vitale")) {
                // the service names the field that did not match; its words stay English for the API
                model.addAttribute("erreurCarteVitale", msg("creation.carteVitaleFausse", locale));
            } else {
                model.addAttribute("erreurCode", msg("creation.codeFaux", locale));
            }
            return view;
        }
    }

    @GetMapping("/portail/creation/confirmation")
    String confirmationPage(HttpServletRequest request, Model model) {
        Flow f = flow(request);
        if (f == null || f.requestId() == null) {
            return "redirect:/portail/creation";
        }
        model.addAttribute("envoye", f.contactTo());
        return "portail/creation-confirmation";
    }

    @PostMapping("/portail/creation/confirmation")
    String confirmation(@RequestParam(defaultValue = "") String code, HttpServletRequest request, Model model, Locale locale) {
        Flow f = flow(request);
        if (f == null || f.requestId() == null) {
            return "redirect:/portail/creation";
        }
        if (f.login() != null) {
            return "redirect:/portail/creation/identifiants"; // a double submit: the dossier exists already
        }
        model.addAttribute("envoye", f.contactTo());
        String typed = code.replaceAll("\\s", "");
        if (!typed.matches("[0-9]{6}")) {
            return fieldError(model, "erreur", "code.format", locale, "portail/creation-confirmation");
        }
        try {
            DossierCreated created = creation.confirm(f.requestId(), typed);
            request.getSession().setAttribute(FLOW, new Flow(f.nir(), null, f.requestId(), f.contactTo(),
                    created.dossier().displayName(), created.patient().login(), created.patient().initialPassword()));
            return "redirect:/portail/creation/identifiants";
        } catch (Problem p) {
            String key = switch (p.kind()) {
                case INVALID, UNAUTHENTICATED -> "code.incorrect";
                case TOO_MANY, LOCKED -> null;
                case CONFLICT -> "creation.dejaUnDossier";
                default -> "creation.confirmationExpiree";
            };
            if (key == null) {
                model.addAttribute("erreur", limits.lockedUntil(GuessLimits.Limit.CREATION, f.nir()).isPresent()
                        ? lockedMessage(f.nir(), locale) : msg("creation.confirmationExpiree", locale));
                return "portail/creation-confirmation";
            }
            return fieldError(model, "erreur", key, locale, "portail/creation-confirmation");
        }
    }

    @GetMapping("/portail/creation/identifiants")
    String credentialsPage(HttpServletRequest request, Model model) {
        Flow f = flow(request);
        if (f == null || f.login() == null) {
            return "redirect:/portail/creation";
        }
        model.addAttribute("identifiant", f.login());
        model.addAttribute("souhaite", accounts.suggestLogin(f.name()));
        return "portail/creation-identifiants";
    }

    /** The patient's own password replaces the initial one (same rule as everywhere: 12 characters at least). */
    @PostMapping("/portail/creation/identifiants")
    String credentials(@RequestParam(defaultValue = "") String souhaite, @RequestParam(defaultValue = "") String nouveau,
                       @RequestParam(defaultValue = "") String confirmation, HttpServletRequest request, Model model, Locale locale,
                       RedirectAttributes redirect) {
        Flow f = flow(request);
        if (f == null || f.login() == null) {
            return "redirect:/portail/creation";
        }
        model.addAttribute("identifiant", f.login());
        String wanted = souhaite.isBlank() ? f.login() : souhaite.strip().toLowerCase(Locale.ROOT);
        model.addAttribute("souhaite", wanted);
        String error = PasswordForm.check(f.initialPassword(), nouveau, confirmation);
        if (error != null) {
            model.addAttribute(PasswordForm.field(error), msg(error, locale));
        }
        try {
            accounts.chooseLogin(f.login(), wanted);
        } catch (Problem p) {
            model.addAttribute("erreurIdentifiant", msg(p.kind() == Problem.Kind.CONFLICT ? "creation.identifiantPris"
                    : "creation.identifiantInvalide", locale));
            return "portail/creation-identifiants";
        }
        // from here the login is the chosen one: the flow follows it, so a refused password keeps it
        f = new Flow(f.nir(), null, f.requestId(), f.contactTo(), f.name(), wanted, f.initialPassword());
        request.getSession().setAttribute(FLOW, f);
        model.addAttribute("identifiant", wanted);
        if (error != null) {
            return "portail/creation-identifiants";
        }
        logins.changePassword(f.login(), f.initialPassword(), nouveau);
        request.getSession().removeAttribute(FLOW);
        redirect.addFlashAttribute("identifiant", f.login());
        redirect.addFlashAttribute("info", "creation.terminee");
        return "redirect:/portail/connexion";
    }

    private static Flow flow(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(FLOW) instanceof Flow f ? f : null;
    }

    private String lockedMessage(String nir, Locale locale) {
        return limits.lockedUntil(GuessLimits.Limit.CREATION, nir)
                .map(until -> messages.getMessage("creation.bloqueJusqua", new Object[] {Words.moment(until, locale)}, locale))
                .orElseGet(() -> msg("creation.bloque", locale));
    }

    private String fieldError(Model model, String field, String key, Locale locale, String view) {
        model.addAttribute(field, msg(key, locale));
        return view;
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
