package health.carnet.web.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.directory.Directory;
import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.DossierCreated;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.OnlineCreation;
import health.carnet.dossier.PatientAccounts;
import health.carnet.dossier.PasswordResets;
import health.carnet.dossier.PatientLogins;
import health.carnet.security.PatientTokens;
import health.carnet.shared.Actor;
import health.carnet.shared.Idnps;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The patients' JSON API: online creation (DOS-1), login (AUT-1), their dossier's lifecycle (DOS-5, DOS-6). */
@RestController
class PatientApiController {

    private final OnlineCreation creation;
    private final PatientLogins logins;
    private final PatientAccounts accounts;
    private final Dossiers dossiers;
    private final Gate gate;
    private final Callers callers;
    private final Directory directory;
    private final PatientTokens tokens;
    private final PasswordResets resets;

    PatientApiController(OnlineCreation creation, PatientLogins logins, PatientAccounts accounts, Dossiers dossiers,
                         Gate gate, Callers callers, Directory directory, PatientTokens tokens, PasswordResets resets) {
        this.resets = resets;
        this.creation = creation;
        this.logins = logins;
        this.accounts = accounts;
        this.dossiers = dossiers;
        this.gate = gate;
        this.callers = callers;
        this.directory = directory;
        this.tokens = tokens;
    }

    record CodeRequest(String nir) {
    }

    @PostMapping("/api/creation/code")
    ResponseEntity<OnlineCreation.CodeSent> creationCode(@RequestBody CodeRequest body) {
        return ResponseEntity.accepted().body(creation.requestCreationCode(body.nir()));
    }

    record VerifyRequest(String nir, String creationCode, String carteVitale, ContactChannel channel, String email,
                         String phone) {
    }

    @PostMapping("/api/creation/verify")
    ResponseEntity<OnlineCreation.ContactCheck> verify(@RequestBody VerifyRequest b) {
        return ResponseEntity.accepted().body(creation.submitCreationCode(b.nir(), b.creationCode(), b.carteVitale(),
                b.channel(), b.email(), b.phone()));
    }

    record ConfirmRequest(UUID requestId, String code) {
    }

    record Created(UUID dossierId, String login, String initialPassword, String next) {
    }

    /** Answers JSON, or the credentials as a PDF with {@code Accept: application/pdf}. */
    @PostMapping(value = "/api/creation/confirm", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PDF_VALUE})
    ResponseEntity<?> confirm(@RequestBody ConfirmRequest b, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                              @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String language) {
        if (b.requestId() == null) {
            throw Problem.invalid("requestId is required: it is returned by /api/creation/verify.");
        }
        DossierCreated created = creation.confirm(b.requestId(), b.code());
        if (accept != null && accept.contains(MediaType.APPLICATION_PDF_VALUE)) {
            return ResponseEntity.status(201).contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"carnet-identifiants.pdf\"")
                    .body(CredentialsPdf.render(created.dossier().displayName(), created.patient().login(),
                            created.patient().initialPassword()));
        }
        return ResponseEntity.status(201).body(new Created(created.dossier().id(), created.patient().login(),
                created.patient().initialPassword(), health.carnet.platform.ErrorLanguage.translate(
                        "Log in with POST /api/login, then change the password.", language)));
    }

    record LoginRequest(String login, String password) {
    }

    @PostMapping("/api/login")
    ResponseEntity<PatientLogins.Challenge> login(@RequestBody LoginRequest b) {
        return ResponseEntity.accepted().body(logins.start(b.login(), b.password()));
    }

    record OtpRequest(UUID challengeId, String code) {
    }

    /** The access token for the patient's apps and the portal, minted by the security module once the code checked out. */
    record SignedIn(String login, String accessToken, Instant expiresAt, boolean mustChangePassword) {
    }

    @PostMapping("/api/login/otp")
    SignedIn otp(@RequestBody OtpRequest b) {
        if (b.challengeId() == null) {
            throw Problem.invalid("challengeId is required: it is returned by /api/login.");
        }
        PatientLogins.LoggedIn in = logins.finish(b.challengeId(), b.code());
        PatientTokens.Issued token = tokens.issue(in.login(), in.displayName());
        return new SignedIn(in.login(), token.token(), token.expiresAt(), in.mustChangePassword());
    }

    record ResendRequest(UUID challengeId) {
    }

    /** AUT-1: a new code for an open login challenge (the earlier code stops working); rate-limited (SEC-5). */
    @PostMapping("/api/login/resend")
    ResponseEntity<PatientLogins.Challenge> resend(@RequestBody ResendRequest b) {
        if (b.challengeId() == null) {
            throw Problem.invalid("challengeId is required: it is returned by /api/login.");
        }
        return ResponseEntity.accepted().body(logins.resend(b.challengeId()));
    }

    record ResetRequest(String login) {
    }

    record ResetStarted(UUID requestId, String message) {
    }

    /** Forgotten password, step 1: the same answer whether the login exists or not. */
    @PostMapping("/api/password-reset")
    ResponseEntity<ResetStarted> passwordReset(@RequestBody ResetRequest b,
                                               @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String language) {
        // what the patient reads: French unless English is asked for (non-negotiable 5), like the refusals
        return ResponseEntity.accepted().body(new ResetStarted(resets.start(b.login()), health.carnet.platform.ErrorLanguage.translate(
                "If this login exists, a 6-digit code was sent to the email address or phone of its account."
                        + " Send it with a new password to /api/password-reset/confirm.", language)));
    }

    record ResetConfirm(UUID requestId, String code, String newPassword) {
    }

    /** Step 2: the code and the new password; the account's earlier tokens stop working. */
    @PostMapping("/api/password-reset/confirm")
    ResponseEntity<Void> passwordResetConfirm(@RequestBody ResetConfirm b) {
        if (b.requestId() == null) {
            throw Problem.invalid("requestId is required: it is returned by /api/password-reset.");
        }
        resets.finish(b.requestId(), b.code(), b.newPassword());
        return ResponseEntity.noContent().build();
    }

    record PasswordRequest(String current, String next) {
    }

    @PostMapping("/api/me/password")
    ResponseEntity<Void> password(Authentication auth, @RequestBody PasswordRequest b) {
        Actor me = callers.patient(auth);
        // a voluntary change revokes the person's other tokens and portal sessions, not this token
        logins.changePassword(me.id(), b.current(), b.next(), health.carnet.security.BearerTokens.tokenId(auth));
        return ResponseEntity.noContent().build();
    }

    record DossierView(UUID id, String ins, String name, LocalDate birthDate, String state, Instant closedAt,
                       LocalDate destroyAfter, String medecinTraitant, String relation) {
        /** The fields PDQm returns (ITI-78): who the patient is, nothing of the dossier's state or care. */
        static DossierView identity(Dossier d) {
            return new DossierView(d.id(), d.ins().value(), d.displayName(), d.birthDate(), null, null, null, null, null);
        }

        static DossierView of(Dossier d, String relation) {
            return new DossierView(d.id(), d.ins().value(), d.displayName(), d.birthDate(), d.state().name(), d.closedAt(),
                    d.destroyAfter(), d.medecinTraitant(), relation);
        }
    }

    @GetMapping("/api/me")
    Map<String, Object> me(Authentication auth) {
        Actor me = callers.actor(auth);
        if (!me.isPatient()) {
            return Map.of("kind", me.kind().name(), "id", me.id(), "role", me.role().name(), "purposeOfUse", me.purposeOfUse().name());
        }
        List<UUID> own = accounts.dossiersOf(me.id());
        List<DossierView> views = own.stream()
                .map(id -> dossiers.identity(gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, id), "api: my dossiers")))
                .map(d -> DossierView.of(d, me.id().equals(accounts.ownerLogin(d.id()).orElse(null)) ? "OWNER" : "LEGAL_REPRESENTATIVE"))
                .toList();
        return Map.of("kind", "PATIENT", "login", me.id(), "name", me.name(), "dossiers", views);
    }

    @GetMapping("/api/dossiers/{id}")
    DossierView dossier(Authentication auth, @PathVariable UUID id) {
        Actor me = callers.actor(auth);
        if (me.isProfessional()) {
            // issue #9 row 8: by id, a professional gets what PDQm would give them, no more: nothing for a
            // dossier the search would not list, the identity alone unless they are the médecin traitant
            Permit permit = gate.tryAuthorize(new AccessRequest(me, Action.LOOKUP_PATIENT, id), "dossier summary")
                    .orElseThrow(() -> Problem.notFound("No dossier " + id + "."));
            Dossier d = dossiers.identity(permit);
            return me.id().equals(d.medecinTraitant()) ? DossierView.of(d, null) : DossierView.identity(d);
        }
        Permit permit = gate.authorize(new AccessRequest(me, Action.LOOKUP_PATIENT, id));
        return DossierView.of(dossiers.identity(permit), null);
    }

    @PostMapping("/api/dossiers/{id}/close")
    DossierView close(Authentication auth, @PathVariable UUID id) {
        Actor me = callers.actor(auth);
        Permit permit = gate.authorize(new AccessRequest(me, Action.CLOSE_DOSSIER, id));
        return DossierView.of(dossiers.close(permit, me.id()), null);
    }

    @PostMapping("/api/dossiers/{id}/reopen")
    DossierView reopen(Authentication auth, @PathVariable UUID id) {
        Actor me = callers.actor(auth);
        Permit permit = gate.authorize(new AccessRequest(me, Action.REOPEN_DOSSIER, id));
        return DossierView.of(dossiers.reopen(permit, me.id()), null);
    }

    record DestroyRequest(String confirm) {
    }

    @PostMapping("/api/dossiers/{id}/destroy")
    DossierView destroy(Authentication auth, @PathVariable UUID id, @RequestBody DestroyRequest b) {
        Actor me = callers.actor(auth);
        if (b == null || !"DETRUIRE".equals(b.confirm())) {
            throw Problem.invalid("Destruction is irreversible: send {\"confirm\": \"DETRUIRE\"} to confirm.");
        }
        Permit permit = gate.authorize(new AccessRequest(me, Action.DESTROY_DOSSIER, id));
        return DossierView.of(dossiers.destroy(permit, me.id()), null);
    }

    record MedecinTraitantRequest(String idnps, Boolean patientAgreement) {
    }

    /** ACC-6: the patient designates their médecin traitant DMP, or the current one passes it on. */
    @PutMapping("/api/dossiers/{id}/medecin-traitant")
    DossierView medecinTraitant(Authentication auth, @PathVariable UUID id, @RequestBody MedecinTraitantRequest b) {
        Actor me = callers.actor(auth);
        Idnps idnps = Idnps.of(b.idnps());
        var doctor = directory.professional(idnps)
                .orElseThrow(() -> Problem.invalid("No professional " + idnps + " in the directory."));
        if (!"10".equals(doctor.professionCode())) {
            throw Problem.invalid("The médecin traitant DMP is a doctor (profession 10); " + doctor.displayName() + " is not.");
        }
        // ACC-6: the médecin traitant passes the status on to another authorised doctor, with the patient's agreement
        Permit permit = gate.authorizeDesignation(me, id, idnps.value(), Boolean.TRUE.equals(b.patientAgreement()));
        return DossierView.of(dossiers.designateMedecinTraitant(permit, idnps.value(), me.id()), null);
    }
}
