package health.carnet.web.internal;

import health.carnet.directory.Directory;
import health.carnet.dossier.DossierState;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dossier at a glance (home) and the access history (AUD-2): latest documents, latest accesses
 * by professionals with emergencies highlighted and their reason, the médecin traitant by name.
 */
@Controller
@PatientPages
class PortalHomeController {

    static final int HISTORY_PAGE = 20;

    private final PortalSession portal;
    private final PortalDocuments documents;
    private final PortalHistory history;
    private final Directory directory;
    private final PortalCareHistory care;

    PortalHomeController(PortalSession portal, PortalDocuments documents, PortalHistory history, Directory directory,
                         PortalCareHistory care) {
        this.care = care;
        this.portal = portal;
        this.documents = documents;
        this.history = history;
        this.directory = directory;
    }

    @GetMapping("/portail/accueil")
    String home(HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "accueil");
        boolean active = c.dossier().state() == DossierState.ACTIVE;
        model.addAttribute("actif", active);
        if (active) {
            model.addAttribute("documents", documents.page(c.me(), c.dossierId(), PortalDocuments.current(), 0, 5, locale,
                    "portail: accueil").cards());
            model.addAttribute("remboursements", care.latest(c.me(), c.dossierId(), 3, locale));
        } else {
            model.addAttribute("fermeLe", Words.day(c.dossier().closedAt(), locale));
            model.addAttribute("detruitApres", Words.day(c.dossier().destroyAfter(), locale));
        }
        model.addAttribute("urgences", history.page(c.me(), c.dossierId(), PortalHistory.Filter.URGENCES, 0, 3, locale,
                "portail: accueil").lines());
        model.addAttribute("acces", history.page(c.me(), c.dossierId(), PortalHistory.Filter.PROFESSIONNELS, 0, 5, locale,
                "portail: accueil").lines());
        model.addAttribute("medecinTraitant", medecinTraitant(c.dossier().medecinTraitant()));
        return "portail/accueil";
    }

    String medecinTraitant(String idnps) {
        if (idnps == null) {
            return null;
        }
        var p = DocumentCard.professional(directory, idnps);
        if (p == null) {
            return null;
        }
        var a = p.mainActivity();
        return (p.civility() != null && p.civility().startsWith("D") ? "Dr " : "") + p.displayName()
                + (a == null || a.structure() == null ? "" : ", " + a.structure().name());
    }

    @GetMapping("/portail/historique")
    String history(@RequestParam(defaultValue = "tout") String filtre, @RequestParam(defaultValue = "1") String page,
                   HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "historique");
        PortalHistory.Filter f = PortalHistory.Filter.parse(filtre);
        int index;
        try {
            index = Math.max(0, Math.min(100_000, Integer.parseInt(page) - 1));
        } catch (NumberFormatException e) {
            index = 0;
        }
        PortalHistory.Page p = history.page(c.me(), c.dossierId(), f, index, HISTORY_PAGE, locale, "portail: historique");
        model.addAttribute("lignes", p.lines());
        model.addAttribute("suivante", p.hasNext());
        model.addAttribute("page", index + 1);
        model.addAttribute("filtre", f.name().toLowerCase(Locale.ROOT));
        model.addAttribute("filtres", PortalHistory.Filter.values());
        return "portail/historique";
    }

    /** The header's dossier switch (MIN-2): only a dossier the person holds or represents. */
    @PostMapping("/portail/dossier-actif")
    String switchDossier(@RequestParam(required = false) UUID dossier, HttpServletRequest request) {
        if (dossier != null) {
            portal.select(request, dossier);
        }
        return "redirect:/portail/accueil";
    }
}
