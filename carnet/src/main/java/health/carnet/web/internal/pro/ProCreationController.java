package health.carnet.web.internal.pro;

import health.carnet.access.Gate;
import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.DossierCreated;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.Minors;
import health.carnet.dossier.ProfessionalCreation;
import health.carnet.shared.Actor;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Ins;
import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Nir;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Creating a dossier for a patient who is present and consents (DOS-2), with one or two legal
 * representatives for a minor (DOS-4, MIN-1): who may create is the gate's decision, what is
 * created the dossier module's; the credentials go to the patient, never to the professional.
 */
@Controller
class ProCreationController {

    private final ProContext context;
    private final Gate gate;
    private final Dossiers dossiers;
    private final FormTokens forms;
    private final health.carnet.access.Consents consents;

    ProCreationController(ProContext context, Gate gate, Dossiers dossiers, FormTokens forms, health.carnet.access.Consents consents) {
        this.context = context;
        this.gate = gate;
        this.dossiers = dossiers;
        this.forms = forms;
        this.consents = consents;
    }

    public record Form(String ins, String nom, String prenoms, String naissance, String sexe, String carteVitale, String canal,
                String courriel, String telephone, String modeConsentement, String consentement,
                String rep1Nom, String rep1Prenoms, String rep1Courriel, String rep2Nom, String rep2Prenoms, String rep2Courriel) {
        static Form empty(String ins) {
            return new Form(ins, "", "", "", "", "", "EMAIL", "", "", "ORAL", null, "", "", "", "", "", "");
        }
    }

    @GetMapping("/pro/dossiers/nouveau")
    String form(Authentication auth, HttpSession session, @RequestParam(required = false) String ins, Model model) {
        context.actor(auth, session);
        return page(model, session, Form.empty(ins), Map.of());
    }

    private String page(Model model, HttpSession session, Form form, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("erreurs", errors);
        model.addAttribute("jeton", forms.issue(session));
        return "pro/creer";
    }

    @PostMapping("/pro/dossiers/nouveau")
    String create(Authentication auth, HttpSession session, HttpServletResponse response, Form form,
                  @RequestParam(required = false) String jeton, Model model) {
        Actor me = context.actor(auth, session);
        Map<String, String> errors = new LinkedHashMap<>();
        if (!forms.consume(session, jeton)) {
            errors.put("formulaire", "formulaire.rejoue");
            response.setStatus(409);
            return page(model, session, form, errors);
        }
        Ins ins = null;
        if (DossierPage.blank(form.ins())) {
            errors.put("ins", "creation.ins.requis"); // an empty field is not "not a valid INS"
        } else {
            try {
                ins = Ins.nir(Nir.of(form.ins().replace(" ", "")));
            } catch (InvalidIdentifierException e) {
                errors.put("ins", "recherche.ins.invalide");
            }
        }
        LocalDate birth = null;
        try {
            birth = LocalDate.parse(form.naissance() == null ? "" : form.naissance().trim());
        } catch (java.time.format.DateTimeParseException e) {
            errors.put("naissance", "recherche.naissance.requise");
        }
        require(errors, "nom", form.nom(), "creation.nom.requis");
        require(errors, "prenoms", form.prenoms(), "creation.prenoms.requis");
        require(errors, "carteVitale", form.carteVitale(), "presence.carte.requise");
        if (form.consentement() == null) {
            errors.put("consentement", "creation.consentement.requis");
        }
        String method = form.modeConsentement() == null ? "" : form.modeConsentement();
        if (!List.of("ORAL", "WRITTEN", "ELECTRONIC").contains(method)) {
            errors.put("consentement", "creation.consentement.requis");
        }
        if (!errors.isEmpty()) {
            response.setStatus(400);
            return page(model, session, form, errors);
        }
        boolean minor = Minors.isMinor(birth, dossiers.today());
        health.carnet.shared.Permit create;
        try {
            create = gate.authorizeCreation(me, minor, ins.value());
        } catch (Problem p) {
            return ProPatientController.refusal(model, p);
        }
        ContactChannel channel = "SMS".equals(form.canal()) ? ContactChannel.SMS : ContactChannel.EMAIL;
        List<ProfessionalCreation.Representative> reps = new ArrayList<>();
        if (!DossierPage.blank(form.rep1Nom())) {
            reps.add(new ProfessionalCreation.Representative(form.rep1Nom().trim(), blankToEmpty(form.rep1Prenoms()),
                    blankToNull(form.rep1Courriel()), null, ContactChannel.EMAIL));
        }
        if (!DossierPage.blank(form.rep2Nom())) {
            reps.add(new ProfessionalCreation.Representative(form.rep2Nom().trim(), blankToEmpty(form.rep2Prenoms()),
                    blankToNull(form.rep2Courriel()), null, ContactChannel.EMAIL));
        }
        char sex = "F".equals(form.sexe()) ? 'F' : "M".equals(form.sexe()) ? 'M' : ins.nir().sexDigit() == '2' ? 'F' : 'M';
        String via = me.role() == ActorRole.CPAM ? "INSURER_AGENT" : "21".equals(me.profession()) ? "PHARMACY" : "PROFESSIONAL";
        try {
            DossierCreated created = dossiers.createWithConsent(create, new ProfessionalCreation(ins.kind().system(), ins.value(), form.nom().trim(),
                    form.prenoms().trim(), birth, sex, form.carteVitale().trim(), method, blankToNull(form.courriel()),
                    blankToNull(form.telephone()), channel, reps), via);
            if (me.role() != null && me.role().isCare()) {
                // the patient is here with their card and consents: the creating professional is authorised too (ACC-2)
                try {
                    consents.declarePresence(me, created.dossier().id(), form.carteVitale().trim(), true);
                } catch (Problem refused) {
                    // audited by the gate; the dossier stays created, access is asked for as for any dossier
                }
            }
            return "redirect:/pro/dossiers/cree?patient=" + created.dossier().id();
        } catch (Problem p) {
            errors.put(field(p), message(p));
            response.setStatus(p.kind().status());
            return page(model, session, form, errors);
        }
    }

    @GetMapping("/pro/dossiers/cree")
    String created(Authentication auth, HttpSession session, @RequestParam String patient, Model model) {
        context.actor(auth, session);
        model.addAttribute("patientId", DossierPage.uuid(patient));
        return "pro/cree";
    }

    /** The dossier module says in English what to fix; the page says it in French, next to the field. */
    private static String field(Problem p) {
        String m = p.getMessage() == null ? "" : p.getMessage();
        if (m.contains("Carte Vitale")) {
            return "carteVitale";
        }
        if (m.contains("phone")) {
            return "telephone";
        }
        if (m.contains("email")) {
            return m.contains("legal representative") ? "representants" : "courriel";
        }
        if (m.contains("legal representative") || m.contains("MIN-1") || m.contains("DOS-4")) {
            return "representants";
        }
        if (m.contains("birthDate")) {
            return "naissance";
        }
        return "formulaire";
    }

    private static String message(Problem p) {
        String m = p.getMessage() == null ? "" : p.getMessage();
        if (p.kind() == Problem.Kind.CONFLICT) {
            return "creation.existe";
        }
        if (p.kind() == Problem.Kind.TOO_MANY && m.contains("Carte Vitale")) {
            return "presence.carte.bloquee";
        }
        if (m.contains("Carte Vitale")) {
            return "presence.carte.fausse";
        }
        if (m.contains("phone")) {
            return "creation.telephone.invalide";
        }
        if (m.contains("email")) {
            return "creation.courriel.invalide";
        }
        if (m.contains("of age")) {
            return "creation.majeur.sansrepresentant";
        }
        if (m.contains("at most two")) {
            return "creation.deux.representants";
        }
        if (m.contains("under 16")) {
            return "creation.representant.requis";
        }
        if (m.contains("birthDate")) {
            return "creation.naissance.future";
        }
        return "creation.verifier";
    }

    private static void require(Map<String, String> errors, String field, String value, String key) {
        if (DossierPage.blank(value)) {
            errors.put(field, key);
        }
    }

    private static String blankToNull(String s) {
        return DossierPage.blank(s) ? null : s.trim();
    }

    private static String blankToEmpty(String s) {
        return DossierPage.blank(s) ? "" : s.trim();
    }
}
