package health.carnet.web.internal.pro;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Consents;
import health.carnet.access.Gate;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.shared.Actor;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Ins;
import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Nir;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpSession;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Find a patient (INS, or name and birth date as PDQm asks), then get authorised: the patient
 * presents their Carte Vitale and consents, or consents orally without it (ACC-2), or, facing a vital risk, break-glass with a
 * stated reason (EMG-2), or, for a regulator of centre 15, the regulator's access (EMG-1). Each
 * decision is the gate's, audited as on /fhir.
 */
@Controller
class ProPatientController {

    private final ProContext context;
    private final Gate gate;
    private final Dossiers dossiers;
    private final Consents consents;
    private final FormTokens forms;
    private final DossierPage page;

    ProPatientController(ProContext context, Gate gate, Dossiers dossiers, Consents consents, FormTokens forms, DossierPage page) {
        this.context = context;
        this.gate = gate;
        this.dossiers = dossiers;
        this.consents = consents;
        this.forms = forms;
        this.page = page;
    }

    public record Found(UUID id, String name, LocalDate birthDate, char sex, boolean minor) {
    }

    @GetMapping("/pro/patients")
    String search(Authentication auth, HttpSession session, @RequestParam(required = false) String ins,
                  @RequestParam(required = false) String nom, @RequestParam(required = false) String naissance, Model model) {
        Actor me = context.actor(auth, session);
        model.addAttribute("ins", ins);
        model.addAttribute("nom", nom);
        model.addAttribute("naissance", naissance);
        boolean byIns = ins != null && !ins.isBlank();
        boolean byName = (nom != null && !nom.isBlank()) || (naissance != null && !naissance.isBlank());
        if (!byIns && !byName) {
            return "pro/patients";
        }
        List<UUID> found;
        if (byIns) {
            try {
                found = dossiers.locate(Ins.nir(Nir.of(ins.replace(" ", "")))).stream().toList();
            } catch (InvalidIdentifierException e) {
                model.addAttribute("erreurIns", "recherche.ins.invalide");
                return "pro/patients";
            }
        } else {
            boolean ok = true;
            if (nom == null || nom.isBlank()) {
                model.addAttribute("erreurNom", "recherche.nom.requis");
                ok = false;
            }
            LocalDate birth = null;
            try {
                birth = naissance == null || naissance.isBlank() ? null : LocalDate.parse(naissance.trim());
            } catch (DateTimeParseException e) {
                // handled below
            }
            if (birth == null) {
                model.addAttribute("erreurNaissance", "recherche.naissance.requise");
                ok = false;
            }
            if (!ok) {
                return "pro/patients";
            }
            found = dossiers.search(nom.trim(), null, birth, 0, 20);
        }
        List<Found> reachable = new ArrayList<>();
        Refusals refused = null;
        for (UUID id : found) {
            try {
                Dossier d = dossiers.identity(gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, id), "portail pro : recherche"));
                reachable.add(new Found(d.id(), d.displayName(), d.birthDate(), d.sex(), d.isMinorOn(dossiers.today())));
            } catch (Problem p) {
                refused = Refusals.of(p);
            }
        }
        model.addAttribute("resultats", reachable);
        model.addAttribute("cherche", true);
        if (reachable.isEmpty() && refused != null && !"ACC-8".equals(refused.rule())) {
            model.addAttribute("refus", refused);
        }
        model.addAttribute("insCherche", byIns ? ins.replace(" ", "") : null);
        return "pro/patients";
    }

    @GetMapping("/pro/patients/{id}")
    String dossier(Authentication auth, HttpSession session, @PathVariable String id, DossierPage.Filters filters, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = context.actor(auth, session, dossierId);
        Dossier d;
        Permit lookup;
        try {
            lookup = gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, dossierId), "portail pro : dossier");
            d = dossiers.identity(lookup);
        } catch (Problem p) {
            return refusal(model, p);
        }
        model.addAttribute("patient", d);
        // MIN-4 at the desk: a new adult whose first password is still to be chosen gets their credentials here
        model.addAttribute("identifiantsARemettre", me.role() != ActorRole.REGULATOR && dossiers.credentialsAwaitTheDesk(lookup));
        model.addAttribute("mineur", d.isMinorOn(dossiers.today()));
        Permit read;
        try {
            read = gate.authorize(new AccessRequest(me, Action.READ_DOCUMENTS, dossierId), "portail pro : documents");
        } catch (Problem p) {
            Refusals r = Refusals.of(p);
            if (!"ACC-2".equals(r.rule()) && !"EMG-1".equals(r.rule()) && !"EMG-2".equals(r.rule())) {
                return refusal(model, p);
            }
            model.addAttribute("refus", r);
            model.addAttribute("jeton", forms.issue(session));
            model.addAttribute("regulateur", me.role() == ActorRole.REGULATOR);
            return "pro/acces";
        }
        page.fill(model, me, d, read, filters, context.mode(session, dossierId));
        return "pro/dossier";
    }

    /** The patient's identity, read with the gate's look-up permit (audited, refused like any access). */
    private Dossier identity(Actor me, UUID dossierId) {
        return dossiers.identity(gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, dossierId), "portail pro : patient"));
    }

    static String refusal(Model model, Problem p) {
        if (p.kind() == Problem.Kind.NOT_FOUND) {
            throw p;
        }
        model.addAttribute("refus", Refusals.of(p));
        return "pro/refus";
    }

    /** ACC-2: the patient is here, presents their Carte Vitale and consents. */
    @PostMapping("/pro/patients/{id}/presence")
    String presence(Authentication auth, HttpSession session, @PathVariable String id, @RequestParam(required = false) String carteVitale,
                    @RequestParam(required = false) String consentement, @RequestParam(required = false) String jeton, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = context.actor(auth, session);
        Dossier d = identity(me, dossierId);
        if (!forms.consume(session, jeton)) {
            return "redirect:/pro/patients/" + dossierId;
        }
        model.addAttribute("patient", d);
        model.addAttribute("regulateur", me.role() == ActorRole.REGULATOR);
        model.addAttribute("refus", new Refusals("ACC-2"));
        model.addAttribute("carteVitale", carteVitale);
        if (consentement == null) {
            model.addAttribute("erreurConsentement", "presence.consentement.requis");
        }
        if (carteVitale == null || carteVitale.isBlank()) {
            model.addAttribute("erreurCarte", "presence.carte.requise");
        }
        if (consentement == null || carteVitale == null || carteVitale.isBlank()) {
            model.addAttribute("jeton", forms.issue(session));
            return "pro/acces";
        }
        try {
            consents.declarePresence(me, dossierId, carteVitale.trim(), true);
        } catch (Problem p) {
            Refusals r = Refusals.of(p);
            if ("ACC-2".equals(r.rule()) || p.kind() == Problem.Kind.INVALID) {
                model.addAttribute("erreurCarte", "presence.carte.fausse");
                model.addAttribute("jeton", forms.issue(session));
                return "pro/acces";
            }
            if (p.kind() == Problem.Kind.LOCKED || p.kind() == Problem.Kind.TOO_MANY) {
                model.addAttribute("erreurCarte", "presence.carte.bloquee");
                model.addAttribute("jeton", forms.issue(session));
                return "pro/acces";
            }
            return refusal(model, p);
        }
        return "redirect:/pro/patients/" + dossierId + "?autorise";
    }

    /**
     * ACC-2 without the card, as the DMP allows: the professional attests the patient is here and
     * consents orally. Refused to a regulator or a non-care role (the policy's ACC-1), limited per
     * day (said next to the form); the patient is told at once.
     */
    @PostMapping("/pro/patients/{id}/consentement-oral")
    String oralConsent(Authentication auth, HttpSession session, @PathVariable String id, @RequestParam(required = false) String present,
                       @RequestParam(required = false) String consentement, @RequestParam(required = false) String jeton, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = context.actor(auth, session);
        Dossier d = identity(me, dossierId);
        if (!forms.consume(session, jeton)) {
            return "redirect:/pro/patients/" + dossierId;
        }
        model.addAttribute("patient", d);
        model.addAttribute("regulateur", me.role() == ActorRole.REGULATOR);
        model.addAttribute("refus", new Refusals("ACC-2"));
        if (present == null) {
            model.addAttribute("erreurOralPresent", "oral.present.requis");
        }
        if (consentement == null) {
            model.addAttribute("erreurOralConsentement", "oral.consentement.requis");
        }
        if (present == null || consentement == null) {
            model.addAttribute("jeton", forms.issue(session));
            return "pro/acces";
        }
        try {
            consents.declareOralConsent(me, dossierId, true, true);
        } catch (Problem p) {
            if (p.kind() == Problem.Kind.TOO_MANY) {
                model.addAttribute("erreurOral", "oral.limite");
                model.addAttribute("limiteOral", consents.oralDailyMax());
                model.addAttribute("jeton", forms.issue(session));
                return "pro/acces";
            }
            return refusal(model, p);
        }
        return "redirect:/pro/patients/" + dossierId + "?autorise";
    }

    @GetMapping("/pro/patients/{id}/urgence")
    String breakGlassForm(Authentication auth, HttpSession session, @PathVariable String id, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        model.addAttribute("patient", identity(context.actor(auth, session), dossierId));
        model.addAttribute("jeton", forms.issue(session));
        return "pro/urgence";
    }

    /** EMG-2: a stated reason, a clear warning; the gate opens a time-limited access and tells the patient and the médecin traitant. */
    @PostMapping("/pro/patients/{id}/urgence")
    String breakGlass(Authentication auth, HttpSession session, @PathVariable String id, @RequestParam(required = false) String motif,
                      @RequestParam(required = false) String confirme, @RequestParam(required = false) String jeton, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = ProContext.withPurpose(context.actor(auth, session), PurposeOfUse.BTG);
        Dossier d = identity(context.actor(auth, session), dossierId);
        model.addAttribute("patient", d);
        if (!forms.consume(session, jeton)) {
            model.addAttribute("erreurFormulaire", "formulaire.rejoue");
            model.addAttribute("jeton", forms.issue(session));
            return "pro/urgence";
        }
        String reason = motif == null ? "" : motif.trim();
        model.addAttribute("motif", reason);
        if (confirme == null && !reason.isEmpty()) {
            model.addAttribute("erreurConfirme", "urgence.confirmation.requise");
            model.addAttribute("jeton", forms.issue(session));
            return "pro/urgence";
        }
        try {
            // a blank reason goes to the gate too: the policy refuses it (EMG-2) and the attempt is audited
            gate.authorize(new AccessRequest(me, Action.READ_DOCUMENTS, dossierId, reason.isEmpty() ? null : reason),
                    "portail pro : bris de glace");
        } catch (Problem p) {
            Refusals r = Refusals.of(p);
            if (reason.isEmpty() && "EMG-2".equals(r.rule())) {
                model.addAttribute("erreurMotif", "urgence.motif.requis");
                model.addAttribute("jeton", forms.issue(session));
                return "pro/urgence";
            }
            return refusal(model, p);
        }
        context.mode(session, dossierId, PurposeOfUse.BTG);
        return "redirect:/pro/patients/" + dossierId;
    }

    /** EMG-1: the SAMU regulator reads during an emergency call, unless the patient opposed it. */
    @PostMapping("/pro/patients/{id}/centre15")
    String regulator(Authentication auth, HttpSession session, @PathVariable String id, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = ProContext.withPurpose(context.actor(auth, session), PurposeOfUse.ETREAT);
        model.addAttribute("patient", identity(context.actor(auth, session), dossierId));
        try {
            gate.authorize(new AccessRequest(me, Action.READ_DOCUMENTS, dossierId, "centre 15"), "portail pro : centre 15");
        } catch (Problem p) {
            return refusal(model, p);
        }
        context.mode(session, dossierId, PurposeOfUse.ETREAT);
        return "redirect:/pro/patients/" + dossierId;
    }
}
