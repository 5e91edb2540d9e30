package health.carnet.web.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Consent;
import health.carnet.access.ConsentKind;
import health.carnet.access.Consents;
import health.carnet.access.Gate;
import health.carnet.directory.Directory;
import health.carnet.directory.DirectoryQuery;
import health.carnet.directory.Professional;
import health.carnet.directory.Structure;
import health.carnet.dossier.Dossiers;
import health.carnet.shared.Idnps;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Who may see my dossier (ACC-2..ACC-6, EMG-1, EMG-2): who has access now and why, professionals
 * and establishments found in the directory, authorised or blocked on a page that says what it
 * means, emergency access choices, the médecin traitant. Every change goes through the gate
 * (MANAGE_CONSENTS or DESIGNATE_MEDECIN_TRAITANT, audited) and the same Consents service as FHIR.
 */
@Controller
@PatientPages
class PortalPrivacyController {

    private final PortalSession portal;
    private final Gate gate;
    private final Consents consents;
    private final Directory directory;
    private final Dossiers dossiers;
    private final PortalHomeController home;

    PortalPrivacyController(PortalSession portal, Gate gate, Consents consents, Directory directory, Dossiers dossiers,
                            PortalHomeController home) {
        this.portal = portal;
        this.gate = gate;
        this.consents = consents;
        this.directory = directory;
        this.dossiers = dossiers;
        this.home = home;
    }

    /** One consent as the patient reads it: who, why, since when. */
    record Line(UUID id, String kind, String who, String detail, String since, String why, String subject) {
    }

    /** A professional of the directory, in words. */
    record Person(String idnps, String name, String profession, String place, boolean doctor) {
    }

    @GetMapping("/portail/confidentialite")
    String page(@RequestParam(defaultValue = "") String nom, @RequestParam(defaultValue = "") String profession,
                @RequestParam(defaultValue = "") String ville, @RequestParam(defaultValue = "") String etablissement,
                @RequestParam(defaultValue = "") String villeEtablissement, HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "confidentialite");
        if (!c.dossier().state().name().equals("ACTIVE")) {
            model.addAttribute("ferme", true);
            return "portail/confidentialite";
        }
        Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_CONSENTS, c.dossierId()), "portail: confidentialité");
        List<Line> authorised = new ArrayList<>();
        List<Line> structures = new ArrayList<>();
        List<Line> blocked = new ArrayList<>();
        List<Line> extended = new ArrayList<>();
        boolean breakGlassOptOut = false;
        boolean regulatorOptOut = false;
        for (Consent k : consents.list(read, false)) {
            switch (k.kind()) {
                case AUTHORISE -> authorised.add(personLine(k, locale));
                case BLOCK -> blocked.add(personLine(k, locale));
                case EXTENDED_RIGHTS -> extended.add(personLine(k, locale));
                case OPPOSE_DEPOSIT -> blocked.add(personLine(k, locale));
                case AUTHORISE_STRUCTURE -> {
                    Structure s = directory.structure(k.subject()).orElse(null);
                    structures.add(new Line(k.id(), k.kind().name(), s == null ? k.subject() : s.name(), s == null ? null : s.city(),
                            Words.day(k.createdAt(), locale), null, k.subject()));
                }
                case BREAK_GLASS_OPT_OUT -> breakGlassOptOut = true;
                case REGULATOR_OPT_OUT -> regulatorOptOut = true;
            }
        }
        model.addAttribute("autorises", authorised);
        model.addAttribute("etablissements", structures);
        model.addAttribute("bloques", blocked);
        model.addAttribute("droitsEtendus", extended);
        model.addAttribute("sujetsEtendus", extended.stream().map(Line::subject).collect(java.util.stream.Collectors.toSet()));
        model.addAttribute("brisDeGlaceAutorise", !breakGlassOptOut);
        model.addAttribute("centre15Autorise", !regulatorOptOut);
        model.addAttribute("medecinTraitant", home.medecinTraitant(c.dossier().medecinTraitant()));
        model.addAttribute("q", java.util.Map.of("nom", nom, "profession", profession, "ville", ville, "etablissement", etablissement,
                "villeEtablissement", villeEtablissement));
        model.addAttribute("professions", Words.professions());
        if (!nom.isBlank() || !ville.isBlank() || !profession.isBlank()) {
            if (nom.isBlank() && ville.isBlank()) {
                model.addAttribute("erreurRecherche", true);
            } else {
                String code = Words.PROFESSIONS.containsKey(profession) ? profession : null;
                model.addAttribute("resultats", directory.searchProfessionals(new DirectoryQuery(nom, null, ville, code, 0, 20)).items()
                        .stream().map(this::person).toList());
            }
        }
        if (!etablissement.isBlank() || !villeEtablissement.isBlank()) {
            model.addAttribute("resultatsEtablissements", directory.searchStructures(etablissement, villeEtablissement, 0, 20).items());
        }
        return "portail/confidentialite";
    }

    private Line personLine(Consent k, Locale locale) {
        Person p = professional(k.subject());
        // ACC-2: how the authorisation was given; an oral consent names who declared it (the patient checks it was them)
        String why = "CARTE_VITALE".equals(k.method()) ? "confidentialite.parCarteVitale"
                : "ORAL".equals(k.method()) ? "confidentialite.parOral" : "confidentialite.parVous";
        return new Line(k.id(), k.kind().name(), p == null ? k.subject() : p.name(),
                p == null ? null : join(p.profession(), p.place()), Words.day(k.createdAt(), locale), why, k.subject());
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + " · " + b;
    }

    Person professional(String idnps) {
        Professional p = DocumentCard.professional(directory, idnps);
        return p == null ? null : person(p);
    }

    private Person person(Professional p) {
        var a = p.mainActivity();
        String place = a == null || a.structure() == null ? null : a.structure().name() + (a.structure().city() == null ? ""
                : ", " + a.structure().city());
        return new Person(p.idnps().value(), (p.civility() != null && p.civility().startsWith("D") ? "Dr " : "") + p.displayName(),
                Words.profession(p), place, "10".equals(p.professionCode()));
    }

    /** The page about one professional: what authorising, blocking or designating them means, and the buttons. */
    @GetMapping("/portail/confidentialite/professionnels/{idnps}")
    String professionalPage(@PathVariable String idnps, HttpServletRequest request, Model model) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "confidentialite");
        Person p = professional(Idnps.of(idnps).value());
        if (p == null) {
            throw Problem.notFound("No such professional.");
        }
        model.addAttribute("pro", p);
        model.addAttribute("estMedecinTraitant", p.idnps().equals(c.dossier().medecinTraitant()));
        return "portail/professionnel";
    }

    @PostMapping("/portail/confidentialite/professionnels/{idnps}")
    String professionalAction(@PathVariable String idnps, @RequestParam(defaultValue = "") String action, HttpServletRequest request,
                              Model model, RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        Person p = professional(Idnps.of(idnps).value());
        if (p == null) {
            throw Problem.notFound("No such professional.");
        }
        switch (action) {
            case "autoriser" -> grantOnce(c, ConsentKind.AUTHORISE, p.idnps());
            case "bloquer" -> grantOnce(c, ConsentKind.BLOCK, p.idnps());
            case "medecin-traitant" -> {
                if (!p.doctor()) {
                    throw Problem.invalid("Not a doctor.");
                }
                Permit permit = gate.authorizeDesignation(c.me(), c.dossierId(), p.idnps(), false);
                dossiers.designateMedecinTraitant(permit, p.idnps(), c.me().id());
            }
            default -> throw Problem.invalid("Unknown action.");
        }
        redirect.addFlashAttribute("succes", "confidentialite.fait." + action);
        redirect.addFlashAttribute("succesNom", p.name());
        return "redirect:/portail/confidentialite";
    }

    /** A second submit of the same form does not add a second consent. */
    private void grantOnce(PortalSession.Current c, ConsentKind kind, String subject) {
        Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_CONSENTS, c.dossierId()), "portail: confidentialité");
        boolean exists = consents.list(read, false).stream().anyMatch(k -> k.kind() == kind && subject.equals(k.subject()));
        if (!exists) {
            Permit manage = gate.authorize(new AccessRequest(c.me(), Action.MANAGE_CONSENTS, c.dossierId()), kind + " " + subject);
            consents.grant(manage, kind, subject, null, c.me().id());
        }
    }

    /**
     * ACC-6: the patient gives an authorised professional the médecin traitant's rights (masked documents, the access
     * history, blocks at the patient's request), on a page that says so. The same gate decision and module call as
     * {@code POST /fhir/Consent} with the code EXTENDED_RIGHTS: MANAGE_CONSENTS audited "Consent EXTENDED_RIGHTS
     * <IDNPS>", then {@link Consents#grant}.
     */
    @GetMapping("/portail/confidentialite/droits-etendus/{idnps}")
    String extendedRightsPage(@PathVariable String idnps, HttpServletRequest request, Model model) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "confidentialite");
        Person p = authorisedProfessional(c, idnps);
        model.addAttribute("pro", p);
        return "portail/droits-etendus";
    }

    @PostMapping("/portail/confidentialite/droits-etendus/{idnps}")
    String extendedRights(@PathVariable String idnps, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        Person p = authorisedProfessional(c, idnps);
        Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_CONSENTS, c.dossierId()), "portail: confidentialité");
        boolean exists = consents.list(read, false).stream()
                .anyMatch(k -> k.kind() == ConsentKind.EXTENDED_RIGHTS && p.idnps().equals(k.subject()));
        if (!exists) {
            // exactly as the FHIR API's Consent create (ConsentProvider.create): one MANAGE_CONSENTS decision, then grant
            Permit manage = gate.authorize(new AccessRequest(c.me(), Action.MANAGE_CONSENTS, c.dossierId()),
                    "Consent " + ConsentKind.EXTENDED_RIGHTS + " " + p.idnps());
            consents.grant(manage, ConsentKind.EXTENDED_RIGHTS, p.idnps(), null, c.me().id());
        }
        redirect.addFlashAttribute("succes", "confidentialite.fait.droits-etendus");
        redirect.addFlashAttribute("succesNom", p.name());
        return "redirect:/portail/confidentialite";
    }

    /** The rights are given to a professional the patient already authorised (their card offers it); anyone else: not found. */
    private Person authorisedProfessional(PortalSession.Current c, String idnps) {
        Person p;
        try {
            p = professional(Idnps.of(idnps).value());
        } catch (RuntimeException e) {
            p = null;
        }
        if (p == null) {
            throw Problem.notFound("No such professional.");
        }
        String subject = p.idnps();
        Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_CONSENTS, c.dossierId()), "portail: confidentialité");
        if (consents.list(read, false).stream().noneMatch(k -> k.kind() == ConsentKind.AUTHORISE && subject.equals(k.subject()))) {
            throw Problem.notFound("This professional is not authorised on this dossier.");
        }
        return p;
    }

    @GetMapping("/portail/confidentialite/etablissements/{id}")
    String structurePage(@PathVariable String id, HttpServletRequest request, Model model) {
        portal.current(request, model);
        model.addAttribute("rubrique", "confidentialite");
        model.addAttribute("etablissement", directory.structure(id).orElseThrow(() -> Problem.notFound("No such structure.")));
        return "portail/etablissement";
    }

    @PostMapping("/portail/confidentialite/etablissements/{id}")
    String authoriseStructure(@PathVariable String id, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        Structure s = directory.structure(id).orElseThrow(() -> Problem.notFound("No such structure."));
        grantOnce(c, ConsentKind.AUTHORISE_STRUCTURE, s.finess() != null ? s.finess() : s.id());
        redirect.addFlashAttribute("succes", "confidentialite.fait.etablissement");
        redirect.addFlashAttribute("succesNom", s.name());
        return "redirect:/portail/confidentialite";
    }

    @GetMapping("/portail/confidentialite/retrait/{consentId}")
    String revokePage(@PathVariable UUID consentId, HttpServletRequest request, Model model, Locale locale) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "confidentialite");
        Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_CONSENTS, c.dossierId()), "portail: retrait");
        Consent k = consents.find(read, consentId).filter(Consent::active)
                .orElseThrow(() -> Problem.notFound("No such consent."));
        String who = k.kind() == ConsentKind.AUTHORISE_STRUCTURE ? directory.structure(k.subject()).map(Structure::name).orElse(k.subject())
                : java.util.Optional.ofNullable(professional(k.subject())).map(Person::name).orElse(k.subject());
        model.addAttribute("consentement", k);
        model.addAttribute("qui", who);
        return "portail/retrait";
    }

    @PostMapping("/portail/confidentialite/retrait/{consentId}")
    String revoke(@PathVariable UUID consentId, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_CONSENTS, c.dossierId()), "portail: retrait");
        Consent k = consents.find(read, consentId)
                .orElseThrow(() -> Problem.notFound("No such consent."));
        if (k.active()) {
            Permit manage = gate.authorize(new AccessRequest(c.me(), Action.MANAGE_CONSENTS, c.dossierId()), "revoke " + consentId);
            consents.revoke(manage, consentId, c.me().id());
        }
        redirect.addFlashAttribute("succes", "confidentialite.fait.retrait");
        return "redirect:/portail/confidentialite";
    }

    @GetMapping("/portail/confidentialite/urgences")
    String emergencyPage(HttpServletRequest request, Model model) {
        PortalSession.Current c = portal.current(request, model);
        model.addAttribute("rubrique", "confidentialite");
        Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_CONSENTS, c.dossierId()), "portail: urgences");
        List<Consent> active = consents.list(read, false);
        model.addAttribute("brisDeGlaceAutorise", active.stream().noneMatch(k -> k.kind() == ConsentKind.BREAK_GLASS_OPT_OUT));
        model.addAttribute("centre15Autorise", active.stream().noneMatch(k -> k.kind() == ConsentKind.REGULATOR_OPT_OUT));
        return "portail/urgences";
    }

    /** EMG-1, EMG-2: the choices as they are after the form, whatever they were before (a double submit is harmless). */
    @PostMapping("/portail/confidentialite/urgences")
    String emergency(@RequestParam(defaultValue = "oui") String brisDeGlace, @RequestParam(defaultValue = "oui") String centre15,
                     HttpServletRequest request, Model model, RedirectAttributes redirect) {
        PortalSession.Current c = portal.current(request, model);
        Permit read = gate.authorize(new AccessRequest(c.me(), Action.READ_CONSENTS, c.dossierId()), "portail: urgences");
        List<Consent> active = consents.list(read, false);
        set(c, active, ConsentKind.BREAK_GLASS_OPT_OUT, "non".equals(brisDeGlace));
        set(c, active, ConsentKind.REGULATOR_OPT_OUT, "non".equals(centre15));
        redirect.addFlashAttribute("succes", "confidentialite.fait.urgences");
        return "redirect:/portail/confidentialite";
    }

    private void set(PortalSession.Current c, List<Consent> active, ConsentKind optOut, boolean wanted) {
        List<Consent> existing = active.stream().filter(k -> k.kind() == optOut).toList();
        if (wanted && existing.isEmpty()) {
            Permit manage = gate.authorize(new AccessRequest(c.me(), Action.MANAGE_CONSENTS, c.dossierId()), optOut.name());
            consents.grant(manage, optOut, null, null, c.me().id());
        } else if (!wanted) {
            for (Consent k : existing) {
                Permit manage = gate.authorize(new AccessRequest(c.me(), Action.MANAGE_CONSENTS, c.dossierId()), "revoke " + optOut);
                consents.revoke(manage, k.id(), c.me().id());
            }
        }
    }
}
