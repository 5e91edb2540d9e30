package health.carnet.web.internal.pro;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.ConsentKind;
import health.carnet.access.Consents;
import health.carnet.access.Gate;
import health.carnet.audit.AuditQuery;
import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.directory.Directory;
import health.carnet.directory.DirectoryQuery;
import health.carnet.directory.Professional;
import health.carnet.document.Documents;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.shared.Actor;
import health.carnet.shared.Idnps;
import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpSession;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The médecin traitant's screens (ACC-6): the access history (AUD-2), a block recorded at the
 * patient's request (ACC-3), the status passed on to another authorised doctor with the patient's
 * agreement. Masked documents appear in their document list, labelled (DOC-5). Each is the gate's decision.
 */
@Controller
class ProMedecinTraitantController {

    private static final int PAGE = 20;

    private final ProContext context;
    private final Gate gate;
    private final Dossiers dossiers;
    private final AuditTrail audit;
    private final Consents consents;
    private final Directory directory;
    private final Documents documents;

    ProMedecinTraitantController(ProContext context, Gate gate, Dossiers dossiers, AuditTrail audit, Consents consents,
                                 Directory directory, Documents documents) {
        this.documents = documents;
        this.context = context;
        this.gate = gate;
        this.dossiers = dossiers;
        this.audit = audit;
        this.consents = consents;
        this.directory = directory;
    }

    public record Entry(ZonedDateTime at, String who, String profession, String action, boolean permitted, String mode, String reason,
                        String structure, String document) {
    }

    private static final java.util.regex.Pattern UUID_IN_TARGET =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @GetMapping("/pro/patients/{id}/historique")
    String history(Authentication auth, HttpSession session, @PathVariable String id, @RequestParam(defaultValue = "0") int page,
                   Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = context.actor(auth, session, dossierId);
        Permit read = gate.authorize(new AccessRequest(me, Action.READ_HISTORY, dossierId), "portail pro : historique");
        Dossier d = dossiers.identity(read);
        int p = Math.max(0, page);
        // entries naming a document hidden from this reader are neither shown nor counted, as in the
        // patient's history and the AuditEvent search (AUD-2 with DOC-5, DOC-7, MIN-3, ACC-7): the permit decides
        List<AuditRecord> rows = audit.history(read, AuditQuery.all(), documents.hiddenNames(read), p * PAGE, PAGE + 1);
        model.addAttribute("patient", d);
        // the profession in words, from the directory (as the patient's history shows it), once per professional
        java.util.Map<String, String> professions = new java.util.HashMap<>();
        // the structure the professional acted for (ACC-5) and the document read, by its type's name, as the patient reads
        // them: a document is named only when this reader's permit sees it (Documents.find applies the visibility)
        java.util.Map<String, String> structures = new java.util.HashMap<>();
        java.util.Map<String, String> named = new java.util.HashMap<>();
        model.addAttribute("entrees", rows.stream().limit(PAGE).map(r -> new Entry(r.at().atZone(DossierPage.PARIS),
                r.actorName() != null ? r.actorName() : "PATIENT".equals(r.actorKind()) ? "patient" : "—",
                "PROFESSIONAL".equals(r.actorKind()) && r.actorId() != null
                        ? professions.computeIfAbsent(r.actorId(), idnps -> professional(idnps)
                                .map(pro -> FrenchValueSets.profession(pro.professionCode(), pro.professionLabel())).orElse(""))
                        : "",
                r.action(), "PERMIT".equals(r.outcome()), r.accessMode(), r.reason(),
                r.structure() == null ? null : structures.computeIfAbsent(r.structure(), sid -> directory.structure(sid)
                        .map(st -> st.name() + (st.city() == null ? "" : ", " + st.city())).orElse("")),
                documentNamed(read, r.target(), dossierId, named))).toList());
        model.addAttribute("pageCourante", p);
        model.addAttribute("pageSuivante", rows.size() > PAGE);
        return "pro/historique";
    }

    /** The document an entry's target names, by its type's name in the page's language, if this reader sees it; else null. */
    private String documentNamed(Permit read, String target, UUID dossierId, java.util.Map<String, String> named) {
        if (target == null) {
            return null;
        }
        java.util.regex.Matcher m = UUID_IN_TARGET.matcher(target);
        while (m.find()) {
            String id = m.group();
            if (id.equalsIgnoreCase(dossierId.toString())) {
                continue;
            }
            String name = named.computeIfAbsent(id, k -> documents.find(read, UUID.fromString(k))
                    .map(ProMedecinTraitantController::documentName).orElse(""));
            if (!name.isEmpty()) {
                return name;
            }
        }
        return null;
    }

    /** A type's name, else its class's (never a code on the page). */
    private static String documentName(health.carnet.document.DocumentMeta d) {
        String type = FrenchValueSets.shownType(d.typeCode());
        if (type != null && !type.equals(d.typeCode())) {
            return type;
        }
        String cls = FrenchValueSets.shownClass(d.classCode());
        return cls != null && !cls.equals(d.classCode()) ? cls : "";
    }

    @GetMapping("/pro/patients/{id}/medecin-traitant")
    String screen(Authentication auth, HttpSession session, @PathVariable String id, @RequestParam(required = false) String nom,
                  Model model) {
        // refused by the history's rule (READ_CONSENTS, AUD-2): said in this screen's own words (blocks and the status)
        org.springframework.web.context.request.RequestContextHolder.currentRequestAttributes().setAttribute(Refusals.PAGE_ATTRIBUTE,
                new Refusals.Own("AUD-2", "ecran-medecin-traitant"), org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
        UUID dossierId = DossierPage.uuid(id);
        Actor me = context.actor(auth, session, dossierId);
        Dossier d = dossiers.identity(gate.authorize(new AccessRequest(me, Action.READ_CONSENTS, dossierId),
                "portail pro : médecin traitant"));
        model.addAttribute("patient", d);
        // only the médecin traitant passes the status on (ACC-6); a professional with the same rights blocks only
        model.addAttribute("medecinTraitant", me.id().equals(d.medecinTraitant()));
        model.addAttribute("nom", nom);
        List<Professional> found = List.of();
        if (nom != null && !nom.isBlank()) {
            found = directory.searchProfessionals(new DirectoryQuery(nom.trim(), null, null, null, 0, 20)).items()
                    .stream().filter(p -> !p.idnps().value().equals(me.id())).toList();
            model.addAttribute("trouves", found);
        }
        Object about = model.getAttribute("erreurPour");
        model.addAttribute("erreurEnHaut", model.getAttribute("erreur") != null
                && found.stream().noneMatch(p -> p.idnps().value().equals(about)));
        return "pro/medecin-traitant";
    }

    /** ACC-3 through ACC-6: the médecin traitant records a block the patient asked for. */
    @PostMapping("/pro/patients/{id}/bloquer")
    String block(Authentication auth, HttpSession session, @PathVariable String id, @RequestParam(required = false) String idnps,
                 @RequestParam(required = false) String demande, @RequestParam(required = false) String nom, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = context.actor(auth, session, dossierId);
        Optional<Professional> target = professional(idnps);
        if (demande == null || target.isEmpty()) {
            return error(auth, session, id, nom, idnps, "demande", target.isEmpty() ? "mt.professionnel.inconnu" : "mt.demande.requise",
                    model);
        }
        Permit manage = gate.authorize(new AccessRequest(me, Action.MANAGE_BLOCKS, dossierId), "portail pro : blocage " + idnps);
        consents.grant(manage, ConsentKind.BLOCK, target.get().idnps().value(), "à la demande du patient, par son médecin traitant",
                me.id());
        return "redirect:/pro/patients/" + dossierId + "?fait";
    }

    /** ACC-6: the status passes to another doctor the patient authorised, with their agreement. */
    @PostMapping("/pro/patients/{id}/transmettre")
    String transfer(Authentication auth, HttpSession session, @PathVariable String id, @RequestParam(required = false) String idnps,
                    @RequestParam(required = false) String accord, @RequestParam(required = false) String nom, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = context.actor(auth, session, dossierId);
        Optional<Professional> target = professional(idnps);
        String error = target.isEmpty() ? "mt.professionnel.inconnu"
                : !"10".equals(target.get().professionCode()) ? "mt.pas.medecin"
                : accord == null ? "mt.accord.requis" : null;
        if (error != null) {
            return error(auth, session, id, nom, idnps, "accord", error, model);
        }
        Permit designate;
        try {
            // the gate decides the transfer (ACC-6): the new doctor must be authorised by the patient, who agrees
            designate = gate.authorizeDesignation(me, dossierId, target.get().idnps().value(), true);
        } catch (Problem p) {
            if (p.kind() == Problem.Kind.FORBIDDEN) {
                throw p;
            }
            return error(auth, session, id, nom, idnps, "accord", "mt.pas.autorise", model);
        }
        dossiers.designateMedecinTraitant(designate, target.get().idnps().value(), me.id());
        return "redirect:/pro/patients/" + dossierId + "?fait";
    }

    /**
     * The screen again with the same search, the message next to the box of the professional it is
     * about (aria-describedby), or at the top when that professional is not in the list.
     */
    private String error(Authentication auth, HttpSession session, String id, String nom, String idnps, String field, String message,
                         Model model) {
        model.addAttribute("erreur", message);
        model.addAttribute("erreurPour", idnps == null ? "" : idnps.trim());
        model.addAttribute("erreurChamp", field);
        return screen(auth, session, id, nom, model);
    }

    private Optional<Professional> professional(String idnps) {
        try {
            return idnps == null ? Optional.empty() : directory.professional(Idnps.of(idnps.trim()));
        } catch (InvalidIdentifierException e) {
            return Optional.empty();
        }
    }
}
