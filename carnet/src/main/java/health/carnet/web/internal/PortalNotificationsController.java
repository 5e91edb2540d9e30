package health.carnet.web.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.NotificationPreferences;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Notifications" (NOT-1, NOT-3): by email and/or SMS, and which optional events (a new document,
 * a new authorisation); the security notices are listed as always sent. For the dossier shown
 * (a representative sets the child's), through the gate like every dossier page.
 */
@Controller
@PatientPages
class PortalNotificationsController {

    private final PortalSession portal;
    private final Gate gate;
    private final NotificationPreferences preferences;
    private final MessageSource messages;

    PortalNotificationsController(PortalSession portal, Gate gate, NotificationPreferences preferences, MessageSource messages) {
        this.portal = portal;
        this.gate = gate;
        this.preferences = preferences;
        this.messages = messages;
    }

    @GetMapping("/portail/notifications")
    String page(HttpServletRequest request, Model model) {
        PortalSession.Current c = portal.current(request, model);
        NotificationPreferences.Choice choice = preferences.of(permit(c));
        fill(model, c.dossier(), choice.channels().contains(ContactChannel.EMAIL), choice.channels().contains(ContactChannel.SMS),
                choice.events());
        return "portail/notifications";
    }

    @PostMapping("/portail/notifications")
    String save(@RequestParam(required = false) List<String> canaux, @RequestParam(required = false) List<String> evenements,
                HttpServletRequest request, Model model, Locale locale, RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        Set<ContactChannel> channels = EnumSet.noneOf(ContactChannel.class);
        for (String s : canaux == null ? List.<String>of() : canaux) {
            if ("EMAIL".equals(s) || "SMS".equals(s)) {
                channels.add(ContactChannel.valueOf(s));
            }
        }
        Set<String> events = new HashSet<>(evenements == null ? List.of() : evenements);
        events.retainAll(Dossier.OPTIONAL_EVENTS);
        String error = null;
        if (channels.isEmpty()) {
            error = "notifications.aucunCanal";
        } else if (channels.contains(ContactChannel.EMAIL) && blank(c.dossier().email())) {
            error = "notifications.pasDeCourriel";
        } else if (channels.contains(ContactChannel.SMS) && blank(c.dossier().phone())) {
            error = "notifications.pasDeTelephone";
        }
        if (error == null) {
            try {
                preferences.set(permit(c), channels, events);
            } catch (Problem p) {
                error = "notifications.aucunCanal";
            }
        }
        if (error != null) {
            model.addAttribute("erreurCanaux", messages.getMessage(error, null, locale));
            fill(model, c.dossier(), channels.contains(ContactChannel.EMAIL), channels.contains(ContactChannel.SMS), events);
            return "portail/notifications";
        }
        redirect.addFlashAttribute("succes", "notifications.enregistrees");
        return "redirect:/portail/notifications";
    }

    private Permit permit(PortalSession.Current c) {
        return gate.authorize(new AccessRequest(c.me(), Action.LOOKUP_PATIENT, c.dossierId()), "portail: notifications");
    }

    private static void fill(Model model, Dossier d, boolean email, boolean sms, Set<String> events) {
        model.addAttribute("rubrique", "notifications");
        model.addAttribute("parCourriel", email);
        model.addAttribute("parSms", sms);
        model.addAttribute("courriel", d.email());
        model.addAttribute("telephone", Words.phone(d.phone()));
        model.addAttribute("nouveauDocument", events.contains("DOCUMENT_DEPOSITED"));
        model.addAttribute("nouvelleAutorisation", events.contains("AUTHORISATION"));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
