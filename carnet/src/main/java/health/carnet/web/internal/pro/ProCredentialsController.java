package health.carnet.web.internal.pro;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Consents;
import health.carnet.access.Gate;
import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.shared.Actor;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpSession;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * MIN-4 at the desk, in the professionals' portal (as {@code POST /api/pro/dossiers/{id}/credentials}):
 * a new adult without a contact of their own presents their Carte Vitale and gives an email or a
 * mobile; their own credentials go there, never to the professional, who sees only where they went
 * (masked). The card is checked, limited and audited as at a consultation (ACC-2, SEC-5); the
 * handover is one audited gate decision. The address is checked before anything is recorded.
 */
@Controller
class ProCredentialsController {

    private final ProContext context;
    private final Gate gate;
    private final Dossiers dossiers;
    private final Consents consents;
    private final FormTokens forms;

    ProCredentialsController(ProContext context, Gate gate, Dossiers dossiers, Consents consents, FormTokens forms) {
        this.context = context;
        this.gate = gate;
        this.dossiers = dossiers;
        this.consents = consents;
        this.forms = forms;
    }

    @GetMapping("/pro/patients/{id}/identifiants")
    String form(Authentication auth, HttpSession session, @PathVariable String id, Model model) {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = context.actor(auth, session, dossierId);
        Permit lookup;
        try {
            lookup = gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, dossierId), "portail pro : identifiants (MIN-4)");
        } catch (Problem p) {
            return ProPatientController.refusal(model, p);
        }
        model.addAttribute("patient", dossiers.identity(lookup));
        model.addAttribute("possible", me.role() != ActorRole.REGULATOR && dossiers.credentialsAwaitTheDesk(lookup));
        model.addAttribute("canal", "EMAIL");
        model.addAttribute("jeton", forms.issue(session));
        return "pro/identifiants";
    }

    @PostMapping("/pro/patients/{id}/identifiants")
    String handOver(Authentication auth, HttpSession session, @PathVariable String id,
                    @RequestParam(required = false) String carteVitale, @RequestParam(required = false) String email,
                    @RequestParam(required = false) String mobile, @RequestParam(required = false) String canal,
                    @RequestParam(required = false) String jeton, Model model, RedirectAttributes redirect) {
        UUID dossierId = DossierPage.uuid(id);
        Actor me = context.actor(auth, session, dossierId);
        Permit lookup;
        try {
            lookup = gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, dossierId), "portail pro : identifiants (MIN-4)");
        } catch (Problem p) {
            return ProPatientController.refusal(model, p);
        }
        Dossier d = dossiers.identity(lookup);
        model.addAttribute("patient", d);
        model.addAttribute("possible", true);
        String card = carteVitale == null ? "" : carteVitale.trim();
        String mail = email == null ? "" : email.strip();
        String phone = mobile == null ? "" : mobile.replaceAll("[\\s.]", "");
        ContactChannel channel = "SMS".equals(canal) ? ContactChannel.SMS : ContactChannel.EMAIL;
        model.addAttribute("carteVitale", card);
        model.addAttribute("email", mail);
        model.addAttribute("mobile", mobile == null ? "" : mobile.strip());
        model.addAttribute("canal", channel.name());
        if (!forms.consume(session, jeton)) {
            model.addAttribute("erreurFormulaire", "formulaire.rejoue");
            model.addAttribute("jeton", forms.issue(session));
            return "pro/identifiants";
        }
        boolean ok = true;
        if (card.isEmpty()) {
            model.addAttribute("erreurCarte", "presence.carte.requise");
            ok = false;
        }
        if (!mail.isEmpty() && !ContactChannel.isEmail(mail) || channel == ContactChannel.EMAIL && mail.isEmpty()) {
            model.addAttribute("erreurEmail", mail.isEmpty() ? "identifiants.email.requis" : "creation.courriel.invalide");
            ok = false;
        }
        if (!phone.isEmpty() && !ContactChannel.isMobile(phone) || channel == ContactChannel.SMS && phone.isEmpty()) {
            model.addAttribute("erreurMobile", phone.isEmpty() ? "identifiants.mobile.requis" : "creation.telephone.invalide");
            ok = false;
        }
        if (!ok) {
            model.addAttribute("jeton", forms.issue(session));
            return "pro/identifiants";
        }
        try {
            // the patient is present with their card: the same proof, limits and audit as a consultation (ACC-2)
            consents.declarePresence(me, dossierId, card, true);
        } catch (Problem p) {
            Refusals r = Refusals.of(p);
            if ("ACC-2".equals(r.rule()) || p.kind() == Problem.Kind.INVALID) {
                model.addAttribute("erreurCarte", "presence.carte.fausse");
            } else if (p.kind() == Problem.Kind.LOCKED || p.kind() == Problem.Kind.TOO_MANY) {
                model.addAttribute("erreurCarte", "presence.carte.bloquee");
            } else {
                return ProPatientController.refusal(model, p);
            }
            model.addAttribute("jeton", forms.issue(session));
            return "pro/identifiants";
        }
        Permit handover = gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, dossierId),
                "MIN-4: identifiants remis au patient présent");
        Dossiers.HandedOver done;
        try {
            done = dossiers.handOverCredentials(handover, channel, mail.isEmpty() ? null : mail, phone.isEmpty() ? null : phone);
        } catch (Problem p) {
            if (p.kind() != Problem.Kind.CONFLICT) {
                throw p;
            }
            // the patient already chose a password (or is a minor): nothing to hand over
            model.addAttribute("possible", false);
            return "pro/identifiants";
        }
        redirect.addFlashAttribute("identifiantsEnvoyes", done.to());
        return "redirect:/pro/patients/" + dossierId;
    }
}
