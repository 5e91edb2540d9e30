package health.carnet.web.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.PatientEntered;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * My health profile (DOC-2, EMG-3): allergies, treatments, history, vaccinations, blood group,
 * organ donation, advance directives and persons to contact in an emergency, entered, edited and
 * removed by the patient (or their representative) through the gate, stored as the FHIR resources
 * professionals read as the policy allows.
 */
@Controller
@PatientPages
class PortalProfileController {

    static final int MAX_TEXT = 500;

    private final PortalSession portal;
    private final Gate gate;
    private final PatientEntered entered;
    private final MessageSource messages;

    PortalProfileController(PortalSession portal, Gate gate, PatientEntered entered, MessageSource messages) {
        this.portal = portal;
        this.gate = gate;
        this.entered = entered;
        this.messages = messages;
    }

    @GetMapping("/portail/profil")
    String profile(HttpServletRequest request, Model model) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "profil");
        if (!c.dossier().state().name().equals("ACTIVE")) {
            model.addAttribute("ferme", true);
            return "portail/profil";
        }
        Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_DOCUMENTS, c.dossierId()), "portail: profil médical");
        Map<String, List<PatientEntered.Entry>> byType = new java.util.HashMap<>();
        Map<ProfileEntry, List<ProfileEntry.Shown>> sections = new LinkedHashMap<>();
        for (ProfileEntry k : ProfileEntry.values()) {
            List<PatientEntered.Entry> all = byType.computeIfAbsent(k.type, t -> entered.list(read, t));
            sections.put(k, all.stream().filter(e -> k.matches(e.json())).map(e -> k.read(e.id(), e.json())).toList());
        }
        model.addAttribute("sections", sections);
        return "portail/profil";
    }

    @GetMapping({"/portail/profil/{slug}/nouveau", "/portail/profil/{slug}/{id}"})
    String form(@PathVariable String slug, @PathVariable(required = false) UUID id, HttpServletRequest request, Model model) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "profil");
        ProfileEntry kind = ProfileEntry.bySlug(slug).orElseThrow(() -> Problem.notFound("No such section."));
        model.addAttribute("sorte", kind);
        if (id != null) {
            Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_DOCUMENTS, c.dossierId()), kind.type + "/" + id);
            PatientEntered.Entry e = entered.find(read, kind.type, id).filter(x -> kind.matches(x.json()))
                    .orElseThrow(() -> Problem.notFound("No such entry."));
            ProfileEntry.Shown shown = kind.read(e.id(), e.json());
            model.addAttribute("id", id);
            model.addAttribute("texte", shown.text());
            model.addAttribute("detail", shown.detail());
        }
        return "portail/profil-saisie";
    }

    @PostMapping({"/portail/profil/{slug}/nouveau", "/portail/profil/{slug}/{id}"})
    String save(@PathVariable String slug, @PathVariable(required = false) UUID id, @RequestParam(defaultValue = "") String texte,
                @RequestParam(defaultValue = "") String detail, HttpServletRequest request, Model model, Locale locale,
                RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        ProfileEntry kind = ProfileEntry.bySlug(slug).orElseThrow(() -> Problem.notFound("No such section."));
        String text = texte.strip();
        String more = detail.strip();
        String error = text.isEmpty() ? "profil.erreur.vide" : text.length() > MAX_TEXT || more.length() > MAX_TEXT ? "profil.erreur.long"
                : kind == ProfileEntry.CONTACT && !more.isEmpty() && !more.matches("\\+?[0-9 .()-]{6,20}") ? "profil.erreur.telephone" : null;
        if (error != null) {
            model.addAttribute("rubrique", "profil");
            model.addAttribute("sorte", kind);
            model.addAttribute("id", id);
            model.addAttribute("texte", text);
            model.addAttribute("detail", more);
            model.addAttribute(error.endsWith("telephone") ? "erreurDetail" : "erreurTexte", messages.getMessage(error, null, locale));
            return "portail/profil-saisie";
        }
        Permit write = gate.authorize(new AccessRequest(c.me(), Action.WRITE_PATIENT_ENTRY, c.dossierId()),
                (id == null ? "create " : "update ") + kind.type);
        UUID target = id;
        if (target == null && kind.single) {
            // one blood group, one position on organ donation, one set of directives: entering it again replaces it
            Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_DOCUMENTS, c.dossierId()), "portail: profil médical");
            target = entered.list(read, kind.type).stream().filter(e -> kind.matches(e.json())).map(PatientEntered.Entry::id)
                    .findFirst().orElse(null);
        }
        if (target == null) {
            UUID fresh = UUID.randomUUID();
            entered.create(write, kind.type, fresh, kind.write(c.dossierId(), fresh, text, more));
        } else {
            entered.update(write, kind.type, target, kind.write(c.dossierId(), target, text, more));
        }
        redirect.addFlashAttribute("succes", "profil.enregistre");
        return "redirect:/portail/profil";
    }

    @GetMapping("/portail/profil/{slug}/{id}/supprimer")
    String removePage(@PathVariable String slug, @PathVariable UUID id, HttpServletRequest request, Model model) {
        form(slug, id, request, model);
        return "portail/profil-supprimer";
    }

    @PostMapping("/portail/profil/{slug}/{id}/supprimer")
    String remove(@PathVariable String slug, @PathVariable UUID id, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        ProfileEntry kind = ProfileEntry.bySlug(slug).orElseThrow(() -> Problem.notFound("No such section."));
        Permit delete = gate.authorize(new AccessRequest(c.me(), Action.DELETE_PATIENT_ENTRY, c.dossierId()), "delete " + kind.type + "/" + id);
        try {
            entered.delete(delete, kind.type, id);
        } catch (Problem gone) {
            if (gone.kind() != Problem.Kind.NOT_FOUND) {
                throw gone;
            }
            // already removed by a first submit
        }
        redirect.addFlashAttribute("succes", "profil.supprime");
        return "redirect:/portail/profil";
    }
}
