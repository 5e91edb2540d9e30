package health.carnet.web.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.dossier.DossierState;
import health.carnet.feed.CareHistory;
import health.carnet.feed.ClaimKind;
import health.carnet.shared.Permit;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Remboursements" (FEED-1, FEED-4, DOC-3): the insurer's care history of the last 24 months,
 * read through the gate with the feed module's {@link CareHistory} (the portal never touches the
 * feed's tables), grouped by month, newest first, 20 lines a page, filtered by kind and period;
 * and the FEED-4 choice of the kinds hidden from professionals, decided and audited by the gate
 * exactly as {@code PUT /api/dossiers/{id}/care-history/settings} is.
 */
@Controller
@PatientPages
class PortalCareHistoryController {

    static final List<Integer> PERIODS = List.of(3, 6, 12, 24);

    private final PortalSession portal;
    private final Gate gate;
    private final CareHistory history;
    private final PortalCareHistory lines;
    private final java.time.Clock clock;

    PortalCareHistoryController(PortalSession portal, Gate gate, CareHistory history, PortalCareHistory lines, java.time.Clock clock) {
        this.lines = lines;
        this.portal = portal;
        this.gate = gate;
        this.history = history;
        this.clock = clock;
    }

    @GetMapping("/portail/remboursements")
    String page(@RequestParam(defaultValue = "") String soin, @RequestParam(defaultValue = "24") String periode,
                @RequestParam(defaultValue = "1") String page, HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "remboursements");
        ClaimKind kind = ClaimKind.parse(soin);
        int months = PERIODS.contains(parse(periode, 24)) ? parse(periode, 24) : 24;
        int index = Math.max(0, Math.min(1_000, parse(page, 1) - 1));
        model.addAttribute("f", Map.of("soin", kind == null ? "" : kind.name(), "periode", Integer.toString(months)));
        model.addAttribute("filtre", kind != null || months != 24);
        model.addAttribute("soins", kinds(locale));
        model.addAttribute("periodes", PERIODS);
        if (c.dossier().state() != DossierState.ACTIVE) {
            model.addAttribute("ferme", true);
            return "portail/remboursements";
        }
        Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_DOCUMENTS, c.dossierId()), "portail: remboursements");
        Set<ClaimKind> hidden = history.hiddenKinds(read);
        CareHistory.Page p = lines.page(read, c.me(), kind == null ? null : EnumSet.of(kind),
                today().minusMonths(months), index);
        model.addAttribute("mois", PortalCareHistory.CareLine.byMonth(p.entries(), hidden, locale));
        model.addAttribute("page", index + 1);
        model.addAttribute("suivante", p.nextCursor() != null);
        model.addAttribute("masques", hidden.stream().map(Enum::name).collect(java.util.stream.Collectors.toSet()));
        return "portail/remboursements";
    }

    /** FEED-4: which kinds professionals no longer see; the same gate decision and audit as the JSON API. */
    @PostMapping("/portail/remboursements/professionnels")
    String hide(@RequestParam(required = false) List<String> masques, HttpServletRequest request, Model model,
                RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        Set<ClaimKind> kinds = EnumSet.noneOf(ClaimKind.class);
        for (String k : masques == null ? List.<String>of() : masques) {
            ClaimKind kind = ClaimKind.parse(k);
            if (kind != null) {
                kinds.add(kind);
            }
        }
        Permit permit = gate.authorize(new AccessRequest(c.me(), Action.MANAGE_CONSENTS, c.dossierId()),
                "care history: hide " + kinds);
        history.hide(permit, c.me(), kinds);
        redirect.addFlashAttribute("succes", "remboursements.enregistre");
        return "redirect:/portail/remboursements";
    }

    static Map<String, String> kinds(Locale locale) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ClaimKind k : ClaimKind.values()) {
            out.put(k.name(), Words.english(locale) ? k.english() : k.french());
        }
        return out;
    }

    private java.time.LocalDate today() {
        return java.time.LocalDate.ofInstant(clock.instant(), Words.PARIS);
    }

    private static int parse(String text, int otherwise) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

}
