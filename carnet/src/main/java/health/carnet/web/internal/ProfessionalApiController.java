package health.carnet.web.internal;

import health.carnet.access.Consent;
import health.carnet.access.Consents;
import health.carnet.access.Gate;
import health.carnet.dossier.DossierCreated;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.Minors;
import health.carnet.dossier.ProfessionalCreation;
import health.carnet.shared.Actor;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Professionals' JSON API: creating a dossier with the patient present and consenting (DOS-2, DOS-4). */
@RestController
class ProfessionalApiController {

    private final Gate gate;
    private final Dossiers dossiers;
    private final Callers callers;
    private final Consents consents;

    ProfessionalApiController(Gate gate, Dossiers dossiers, Callers callers, Consents consents) {
        this.gate = gate;
        this.dossiers = dossiers;
        this.callers = callers;
        this.consents = consents;
    }

    /**
     * @param mode           {@code CARTE_VITALE} (the default) or {@code ORAL}
     * @param carteVitale    the card's serial as typed (mode CARTE_VITALE)
     * @param assertion      a card reader's or the Carte Vitale app's signed proof of presence (mode CARTE_VITALE),
     *                       checked by the {@code CarteVitaleProof} port instead of the serial
     * @param patientPresent mode ORAL: the professional attests that the patient is present
     */
    record Consultation(String mode, String carteVitale, String assertion, Boolean consentDeclared, Boolean patientPresent) {
        // fields a mode does not use may be left out (JSON null)
        boolean consent() {
            return Boolean.TRUE.equals(consentDeclared);
        }

        boolean present() {
            return Boolean.TRUE.equals(patientPresent);
        }
    }

    /**
     * ACC-2: the patient presents their Carte Vitale (serial or signed assertion) and consents, or,
     * the card not at hand, the professional attests the patient's presence and oral consent; the
     * professional is authorised.
     */
    @PostMapping("/api/pro/dossiers/{id}/consultation")
    ResponseEntity<Consent> consultation(Authentication auth, @org.springframework.web.bind.annotation.PathVariable UUID id,
                                         @RequestBody Consultation body) {
        Actor actor = callers.actor(auth);
        Consents.PresenceMode mode = mode(body.mode());
        Consent consent = mode == Consents.PresenceMode.ORAL
                ? consents.declareOralConsent(actor, id, body.present(), body.consent())
                : consents.declarePresence(actor, id, body.carteVitale(), body.assertion(), body.consent());
        return ResponseEntity.status(201).body(consent);
    }

    private static Consents.PresenceMode mode(String text) {
        if (text == null || text.isBlank()) {
            return Consents.PresenceMode.CARTE_VITALE;
        }
        try {
            return Consents.PresenceMode.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("'mode' is CARTE_VITALE (the Carte Vitale presented) or ORAL (the oral consent of the patient present).");
        }
    }

    record Handover(String carteVitale, String email, String phone, String channel) {
    }

    record HandedOver(String channel, String sentTo, String message) {
    }

    /**
     * MIN-4 at the desk: the new adult without a contact on file presents their Carte Vitale (checked
     * and limited as at a consultation, ACC-2, SEC-5) and gives an email or mobile; their own
     * credentials go there, never to the professional. One gate decision, audited.
     */
    @PostMapping("/api/pro/dossiers/{id}/credentials")
    ResponseEntity<HandedOver> handOver(Authentication auth, @org.springframework.web.bind.annotation.PathVariable UUID id,
                                        @RequestBody(required = false) Handover body) {
        Actor actor = callers.actor(auth);
        if (body == null || body.carteVitale() == null || body.carteVitale().isBlank()) {
            throw Problem.invalid("Give the Carte Vitale number of the patient who is present (carteVitale).");
        }
        health.carnet.dossier.ContactChannel channel = null;
        if (body.channel() != null && !body.channel().isBlank()) {
            String c = body.channel().strip().toUpperCase(java.util.Locale.ROOT);
            if (!c.equals("EMAIL") && !c.equals("SMS")) {
                throw Problem.invalid("The channel is EMAIL or SMS.");
            }
            channel = health.carnet.dossier.ContactChannel.valueOf(c);
        }
        // the patient is present with their card: the same proof, limits and audit as a consultation (ACC-2)
        consents.declarePresence(actor, id, body.carteVitale(), true);
        Permit permit = gate.authorize(new health.carnet.access.AccessRequest(actor, health.carnet.access.Action.LOOKUP_PATIENT, id),
                "MIN-4: identifiants remis au patient présent");
        Dossiers.HandedOver done = dossiers.handOverCredentials(permit, channel, body.email(), body.phone());
        return ResponseEntity.accepted().body(new HandedOver(done.channel().name(), done.to(),
                "Les identifiants du patient lui ont été envoyés (" + done.to() + ") : il choisira son mot de passe à la"
                        + " première connexion."));
    }

    /** No credentials, not even the login, go back to the professional: they reach the patient directly (DOS-2). */
    record Created(UUID dossierId, int legalRepresentatives, String credentials) {
    }

    @PostMapping("/api/pro/dossiers")
    ResponseEntity<Created> create(Authentication auth, @RequestBody ProfessionalCreation body,
                                   @org.springframework.web.bind.annotation.RequestHeader(value = "Accept-Language", required = false)
                                   String language) {
        Actor actor = callers.actor(auth);
        if (body.birthDate() == null) {
            throw Problem.invalid("birthDate is required.");
        }
        boolean minor = Minors.isMinor(body.birthDate(), dossiers.today());
        Permit permit = gate.authorizeCreation(actor, minor, body.ins());
        String channel = actor.role() == ActorRole.CPAM ? "INSURER_AGENT" : "21".equals(actor.profession()) ? "PHARMACY" : "PROFESSIONAL";
        DossierCreated created = dossiers.createWithConsent(permit, body, channel);
        return ResponseEntity.status(201).body(new Created(created.dossier().id(), created.representatives().size(),
                health.carnet.platform.ErrorLanguage.translate("The login and initial password were sent to the patient"
                        + " (and each legal representative) by email or SMS.", language)));
    }
}
