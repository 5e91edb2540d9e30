package health.carnet.dossier;

import health.carnet.dossier.internal.AccountRepository;
import health.carnet.dossier.internal.DossierRepository;
import health.carnet.dossier.internal.DossierRepository.NewDossier;
import health.carnet.notification.Channel;
import health.carnet.notification.Notification;
import health.carnet.notification.Notifications;
import health.carnet.shared.Ins;
import health.carnet.shared.Permit;
import health.carnet.shared.Problem;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dossier lifecycle (DOS-1..DOS-8, MIN-1, MIN-4): each change locks the dossier row, applies
 * the pure transition, records an event, publishes it to the modules that must act in the same
 * transaction (key destruction, audit) and enqueues the patient's notification, all in one commit.
 */
@Service
public class Dossiers {

    private final DossierRepository dossiers;
    private final AccountRepository accountRows;
    private final PatientAccounts accounts;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final health.carnet.platform.GuessLimits limits;
    private final health.carnet.audit.AuditTrail audit;

    Dossiers(DossierRepository dossiers, AccountRepository accountRows, PatientAccounts accounts,
             Notifications notifications, ApplicationEventPublisher events, Clock clock,
             health.carnet.platform.GuessLimits limits, health.carnet.audit.AuditTrail audit) {
        this.dossiers = dossiers;
        this.accountRows = accountRows;
        this.accounts = accounts;
        this.notifications = notifications;
        this.events = events;
        this.clock = clock;
        this.limits = limits;
        this.audit = audit;
    }

    /**
     * The dossier's row, for the access gate gathering the facts it decides on. Adapters read a
     * patient's identity with {@link #identity(Permit)}; {@code PermitRequiredTest} keeps this one to the access module.
     */
    public Optional<Dossier> find(UUID id) {
        return dossiers.find(id);
    }

    /** As {@link #find}, by INS: for the access module (and this module's tests) only. */
    public Optional<Dossier> findByIns(Ins ins) {
        return dossiers.findByIns(ins.value());
    }

    /** The patient's identity and the dossier's state, with a permit on that dossier (PDQm, the portals). */
    public Dossier identity(Permit permit) {
        return dossiers.find(permit.dossierId()).orElseThrow(() -> Problem.notFound("No dossier " + permit.dossierId()));
    }

    /** Which dossier an INS names, to ask the gate about it: the id only, no identity (ID-2). */
    public Optional<UUID> locate(Ins ins) {
        return dossiers.findByIns(ins.value()).map(Dossier::id);
    }

    /** Whether a dossier has this id, to resolve a reference before asking the gate: nothing else. */
    public boolean exists(UUID id) {
        return dossiers.find(id).isPresent();
    }

    /** PDQm by traits: the ids of the dossiers that match, each to be asked of the gate before its identity is read. */
    public List<UUID> search(String family, String given, LocalDate birthDate, int offset, int count) {
        if (family == null && given == null && birthDate == null) {
            throw Problem.invalid("Search patients by identifier (INS), or by family name with given name or birth date.");
        }
        return dossiers.search(family, given, birthDate, offset, count).stream().map(Dossier::id).toList();
    }

    /** ACC-2: the Carte Vitale presented at a consultation is this patient's, as the insurer's register says. */
    public boolean carteVitaleMatches(UUID dossierId, String serial) {
        return serial != null && dossiers.find(dossierId)
                .flatMap(d -> dossiers.insured(d.ins().value()))
                .map(p -> p.carteVitaleSerial().equalsIgnoreCase(serial.trim())).orElse(false);
    }

    /** The lifecycle events recorded (for this module's tests; the access history is the audit trail's). */
    List<String> history(UUID id) {
        return dossiers.events(id);
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * SEC-5, issue #9 row 1 at the desk: a Carte Vitale that does not match the register when a dossier is
     * created with the patient present counts like one at a consultation, against the professional (the
     * same count as ACC-2's: 3 in 24 h lock their card declarations, consultations included) and against
     * the INS (3 from any professionals lock its creation for the dossier limit's lock). While either is
     * locked even the right card is refused, so the register cannot be searched by guessing.
     */
    private void refuseIfCardGuessesLocked(String idnps, Ins ins) {
        Optional<Instant> mine = limits.lockedUntil(health.carnet.platform.GuessLimits.Limit.CARTE_VITALE_PROFESSIONAL, idnps);
        if (mine.isPresent()) {
            throw cardsLocked(mine.get());
        }
        limits.lockedUntil(health.carnet.platform.GuessLimits.Limit.CARTE_VITALE_DOSSIER, CARD_TARGET + ins.value()).ifPresent(until -> {
            throw insLocked(until);
        });
    }

    /** The INS's count is kept apart from the dossiers' (a target of its own). */
    private static final String CARD_TARGET = "creation:";

    private void wrongCard(String idnps, Ins ins, DossierRepository.InsuredPerson person) {
        boolean[] told = {false};
        var mine = limits.fail(health.carnet.platform.GuessLimits.Limit.CARTE_VITALE_PROFESSIONAL, idnps, until -> {
            cardAudit(idnps, "3 Carte Vitale mismatches: this professional's card declarations locked until " + until);
            tellInsured(person);
            told[0] = true;
        });
        var theirs = limits.fail(health.carnet.platform.GuessLimits.Limit.CARTE_VITALE_DOSSIER, CARD_TARGET + ins.value(), until -> {
            cardAudit(idnps, "3 Carte Vitale mismatches for one INS at creation: its creation locked until " + until);
            if (!told[0]) {
                tellInsured(person);
            }
        });
        if (mine.locked()) {
            throw cardsLocked(mine.lockedUntil());
        }
        if (theirs.locked()) {
            throw insLocked(theirs.lockedUntil());
        }
    }

    private static Problem insLocked(Instant until) {
        return new Problem(Problem.Kind.TOO_MANY, "Too many Carte Vitale numbers that did not match for this INS: creating its"
                + " dossier is locked until " + health.carnet.platform.GuessLimits.englishTime(until) + " (Paris time) [SEC-5].");
    }

    private static Problem cardsLocked(Instant until) {
        return new Problem(Problem.Kind.TOO_MANY, "Too many Carte Vitale numbers that did not match: your consultation"
                + " declarations are locked until " + health.carnet.platform.GuessLimits.englishTime(until) + " (Paris time) [SEC-5].");
    }

    private void cardAudit(String idnps, String reason) {
        audit.append(health.carnet.audit.AuditRecord.of(clock.instant(), null, "PROFESSIONAL", idnps, null, null, null, null,
                "CREATE_DOSSIER", "creation (Carte Vitale)", "DENY", "SEC-5", null, reason));
    }

    private void tellInsured(DossierRepository.InsuredPerson p) {
        Channel channel = p.email() != null ? Channel.EMAIL : Channel.LETTER;
        String to = p.email() != null ? p.email() : p.postalAddress();
        if (to != null) {
            notifications.enqueue(new Notification(channel, to, "CARTE_VITALE_MISMATCH",
                    "Tentatives de création de votre dossier médical partagé",
                    "Un professionnel de santé a présenté plusieurs fois un numéro de carte Vitale qui n'est pas le vôtre pour"
                            + " créer votre dossier médical partagé. Ces tentatives ont été refusées et bloquées ; aucun dossier n'a"
                            + " été créé. Si vous n'étiez pas en consultation, signalez-le à votre caisse d'Assurance Maladie.", null));
        }
    }

    /**
     * DOS-2, DOS-4, MIN-1: a dossier created with the patient present and consenting. The gate's
     * creation permit says who may create (and the new dossier's id); this checks what is created.
     */
    @Transactional
    public DossierCreated createWithConsent(Permit permit, ProfessionalCreation c, String channel) {
        permit.require(permit.dossierId(), "CREATE_DOSSIER");
        String byIdnps = permit.actorId();
        Instant now = clock.instant();
        Ins ins = Ins.parse(c.insSystem(), c.ins());
        if (c.consentMethod() == null || c.consentMethod().isBlank()) {
            throw Problem.invalid("A dossier is never created without the patient's consent: say how it was given"
                    + " (consentMethod ORAL, WRITTEN or ELECTRONIC).");
        }
        requireText(c.familyName(), "familyName");
        requireText(c.givenNames(), "givenNames");
        if (c.birthDate() == null || c.birthDate().isAfter(today())) {
            throw Problem.invalid("birthDate is required and cannot be in the future.");
        }
        refuseIfCardGuessesLocked(byIdnps, ins);
        dossiers.insured(ins.value()).ifPresent(p -> {
            if (c.carteVitaleSerial() == null || !p.carteVitaleSerial().equalsIgnoreCase(c.carteVitaleSerial().trim())) {
                wrongCard(byIdnps, ins, p);
                throw Problem.invalid("The Carte Vitale presented does not match the insurer's register for this INS.");
            }
        });
        boolean minor = Minors.isMinor(c.birthDate(), today());
        if (minor && !"DOS-4".equals(permit.rule())) {
            // the gate decided for an adult (DOS-2): a minor's dossier needs its own decision (DOS-4)
            throw Problem.forbidden("A minor's dossier is created only through a health professional. [DOS-4]");
        }
        List<ProfessionalCreation.Representative> reps = c.legalRepresentatives() == null ? List.of() : c.legalRepresentatives();
        if (!minor && !reps.isEmpty()) {
            throw Problem.invalid("The patient is of age: a dossier of an adult has no legal representative (MIN-1).");
        }
        if (reps.size() > 2) {
            throw Problem.invalid("A minor has at most two legal representatives (MIN-1).");
        }
        if (minor && reps.isEmpty() && Minors.age(c.birthDate(), today()) < 16) {
            throw Problem.invalid("A minor under 16 needs one or two legal representatives (DOS-4, MIN-1).");
        }
        ContactChannel ch = c.channel() == null ? ContactChannel.EMAIL : c.channel();
        requireContact(ch, c.email(), c.phone(), "the patient");
        for (ProfessionalCreation.Representative r : reps) {
            requireText(r.familyName(), "legalRepresentatives.familyName");
            requireContact(r.channel() == null ? ContactChannel.EMAIL : r.channel(), r.email(), r.phone(), "a legal representative");
        }
        if (dossiers.existsForIns(ins.value())) {
            throw Problem.conflict("A dossier already exists for this INS.");
        }
        UUID id = permit.dossierId();
        dossiers.insert(new NewDossier(id, ins, c.familyName().trim(), c.givenNames().trim(), c.birthDate(), c.sex(), now,
                byIdnps, channel, byIdnps, now, c.consentMethod().trim().toUpperCase(), ch, c.email(), c.phone()));
        Dossier dossier = dossiers.find(id).orElseThrow();
        PatientAccounts.Credentials patient = accounts.create(id, dossier.displayName(), c.email(), c.phone(), ch, now);
        List<PatientAccounts.Credentials> repCredentials = new ArrayList<>();
        for (ProfessionalCreation.Representative r : reps) {
            ContactChannel rch = r.channel() == null ? ContactChannel.EMAIL : r.channel();
            PatientAccounts.Credentials cred = accounts.create(null, r.givenNames() + " " + r.familyName(), r.email(),
                    r.phone(), rch, now);
            accountRows.addRepresentative(id, cred.login(), now);
            repCredentials.add(cred);
            send(rch, rch == ContactChannel.SMS ? r.phone() : r.email(), "CREDENTIALS", "Vos identifiants Carnet",
                    "Un dossier médical partagé a été créé pour un mineur que vous représentez.\nIdentifiant : "
                            + cred.login() + "\nMot de passe initial : " + cred.initialPassword()
                            + "\nIl vous sera demandé de le changer à la première connexion.", id);
        }
        if (!minor || reps.isEmpty()) {
            send(ch, dossier.notifyAddress(), "CREDENTIALS", "Vos identifiants Carnet",
                    "Votre dossier médical partagé a été créé.\nIdentifiant : " + patient.login()
                            + "\nMot de passe initial : " + patient.initialPassword()
                            + "\nIl vous sera demandé de le changer à la première connexion.", id);
        }
        recordAndNotify(dossier, DossierLifecycleEvent.Type.CREATED, byIdnps, "channel=" + channel + " consent="
                + c.consentMethod(), now);
        return new DossierCreated(dossier, patient, repCredentials);
    }

    /** DOS-1 step 4: the online creation, once the creation code and the contact were checked. */
    @Transactional
    DossierCreated createOnline(DossierRepository.InsuredPerson p, ContactChannel ch, String email, String phone) {
        Instant now = clock.instant();
        if (dossiers.existsForIns(p.nir())) {
            throw Problem.conflict("A dossier already exists for this NIR.");
        }
        UUID id = UUID.randomUUID();
        dossiers.insert(new NewDossier(id, Ins.nir(health.carnet.shared.Nir.of(p.nir())), p.familyName(), p.givenNames(),
                p.birthDate(), p.sex(), now, "PATIENT", "ONLINE", "PATIENT", now, "ONLINE", ch, email, phone));
        Dossier dossier = dossiers.find(id).orElseThrow();
        PatientAccounts.Credentials cred = accounts.create(id, dossier.displayName(), email, phone, ch, now);
        recordAndNotify(dossier, DossierLifecycleEvent.Type.CREATED, "PATIENT", "channel=ONLINE", now);
        return new DossierCreated(dossier, cred, List.of());
    }

    /** DOS-5: closing archives the dossier for 10 years. */
    @Transactional
    public Dossier close(Permit permit, String by) {
        Dossier d = locked(permit, "CLOSE_DOSSIER");
        Instant now = clock.instant();
        DossierState next = DossierLifecycle.close(d.state());
        dossiers.updateState(d.id(), next, now, DossierLifecycle.destroyAfter(today()), null);
        return recordAndNotify(reload(d), DossierLifecycleEvent.Type.CLOSED, by, null, now);
    }

    /** DOS-5: reopening within the 10 years. */
    @Transactional
    public Dossier reopen(Permit permit, String by) {
        Dossier d = locked(permit, "REOPEN_DOSSIER");
        Instant now = clock.instant();
        DossierState next = DossierLifecycle.reopen(d.state(), d.destroyAfter(), today());
        dossiers.updateState(d.id(), next, null, null, null);
        return recordAndNotify(reload(d), DossierLifecycleEvent.Type.REOPENED, by, null, now);
    }

    /** DOS-6: destruction on the patient's request; listeners shred the dossier's key in this transaction. */
    @Transactional
    public Dossier destroy(Permit permit, String by) {
        return destroy(locked(permit, "DESTROY_DOSSIER"), by);
    }

    private Dossier destroy(Dossier d, String by) {
        Instant now = clock.instant();
        DossierState next = DossierLifecycle.destroy(d.state());
        String address = d.notifyAddress();
        ContactChannel channel = d.notifyChannel();
        List<String> repAddresses = representativeAddresses(d.id());
        dossiers.updateState(d.id(), next, d.closedAt(), d.destroyAfter(), now);
        dossiers.event(d.id(), DossierLifecycleEvent.Type.DESTROYED.name(), now, by, null);
        events.publishEvent(new DossierLifecycleEvent(d.id(), DossierLifecycleEvent.Type.DESTROYED, by, now));
        dossiers.erasePersonalData(d.id());
        accountRows.disableFor(d.id(), now);
        accountRows.erasePersonalData(d.id());
        accountRows.endRepresentation(d.id(), now);
        String text = "Votre dossier médical partagé a été détruit à votre demande ou au terme de son archivage.";
        if (address != null) {
            send(channel, address, "DOSSIER_DESTROYED", "Dossier détruit", text, null);
        }
        repAddresses.forEach(a -> send(ContactChannel.EMAIL, a, "DOSSIER_DESTROYED", "Dossier détruit", text, null));
        return dossiers.find(d.id()).orElseThrow();
    }

    /** The retention job (DOS-5): destroys dossiers closed 10 years ago. Returns how many. */
    @Transactional
    public int runRetention() {
        List<UUID> due = dossiers.dueForDestruction(today(), 1000);
        for (UUID id : due) {
            Dossier d = dossiers.findForUpdate(id).orElseThrow();
            if (DossierLifecycle.dueForDestruction(d.state(), d.destroyAfter(), today())) {
                destroy(d, "RETENTION");
            }
        }
        return due.size();
    }

    /**
     * MIN-4: at majority the dossier passes to the patient alone. The representatives' rights end and
     * they are told; the new adult is told too and, unless they already use their own login (a minor
     * from 16 may), receives their own credentials through the contact on file, with an initial
     * password to change at first login (the one made at creation never reached them). Without a
     * contact on file, a professional hands the credentials over (DOS-2's path), as the notice says.
     */
    @Transactional
    public int runMajority() {
        LocalDate today = today();
        int ended = 0;
        for (UUID id : dossiers.dossiersWithRepresentatives()) {
            Dossier d = dossiers.find(id).orElseThrow();
            if (!Minors.isMinor(d.birthDate(), today)) {
                Instant now = clock.instant();
                List<String> repAddresses = representativeAddresses(id);
                accountRows.endRepresentation(id, now);
                dossiers.event(id, DossierLifecycleEvent.Type.LEGAL_REPRESENTATIVES_ENDED.name(), now, "MAJORITY", null);
                events.publishEvent(new DossierLifecycleEvent(id, DossierLifecycleEvent.Type.LEGAL_REPRESENTATIVES_ENDED, "MAJORITY", now));
                d.notice("MAJORITY", "Votre dossier médical partagé",
                        "Vous êtes majeur : votre dossier médical partagé est désormais le vôtre seul.").ifPresent(notifications::enqueue);
                // the adult's own credentials never go to a representative's address (a family often gave a parent's
                // email for the child): then, as without any contact, they wait for a professional at the desk
                boolean ownContact = d.notifyAddress() != null && !repAddresses.contains(d.notifyAddress());
                accounts.renewInitialPassword(id, now).filter(cred -> ownContact).ifPresent(cred -> send(d.notifyChannel(),
                        d.notifyAddress(), "CREDENTIALS",
                        "Vos identifiants Carnet", "Vous êtes majeur : vous accédez désormais seul à votre dossier médical partagé."
                                + "\nIdentifiant : " + cred.login() + "\nMot de passe initial : " + cred.initialPassword()
                                + "\nIl vous sera demandé de le changer à la première connexion.", id));
                // no medical detail, and the representatives' own address (NOT-2)
                // MIN-4 without a contact of their own: the credentials wait for a professional at the desk
                String desk = !ownContact ? " Pour recevoir ses propres identifiants, il présente sa carte Vitale à"
                        + " un professionnel de santé, qui les lui fait envoyer par courriel ou SMS." : "";
                repAddresses.forEach(a -> send(ContactChannel.EMAIL, a, "MAJORITY_REPRESENTATIVE",
                        "Fin de votre représentation légale", "Le mineur que vous représentiez est devenu majeur : vous n'avez"
                                + " plus accès à son dossier médical partagé. Il y accède désormais seul." + desk, null));
                ended++;
            }
        }
        return ended;
    }

    /**
     * MIN-4 at the desk: whether {@link #handOverCredentials} would hand this patient their credentials
     * (an active adult's dossier whose account's first password is still to be chosen), so that the
     * professionals' portal offers the form exactly when it can work. With the gate's look-up permit.
     */
    public boolean credentialsAwaitTheDesk(Permit permit) {
        permit.require(permit.dossierId(), "LOOKUP_PATIENT");
        Dossier d = dossiers.find(permit.dossierId()).orElse(null);
        if (d == null || d.state() != DossierState.ACTIVE || d.isMinorOn(today())) {
            return false;
        }
        return accountRows.ownerOf(d.id()).filter(a -> a.mustChange() && a.disabledAt() == null).isPresent();
    }

    /** Where a handover's credentials went (masked), never the credentials themselves. */
    public record HandedOver(ContactChannel channel, String to) {
    }

    /**
     * MIN-4 at the desk: a new adult without a contact of their own (the one on file is a
     * representative's, as families often give a parent's address for a child) gets their own credentials through a professional they
     * present their Carte Vitale to (the caller proved the card and holds a permit on the dossier):
     * the contact the patient gives there is recorded on their account and dossier, and a fresh
     * initial password is sent to it, as at a creation at the desk (DOS-2): it reaches the patient,
     * never the professional. Only while the account's first password is still to be chosen; later,
     * the patient uses the forgotten-password flow.
     */
    @Transactional
    public HandedOver handOverCredentials(Permit permit, ContactChannel channel, String email, String phone) {
        permit.require(permit.dossierId(), "LOOKUP_PATIENT");
        Dossier d = dossiers.findForUpdate(permit.dossierId()).orElseThrow(() -> Problem.notFound("No dossier " + permit.dossierId()));
        if (d.state() != DossierState.ACTIVE) {
            throw new Problem(Problem.Kind.CONFLICT, "The dossier is not active.");
        }
        if (d.isMinorOn(today())) {
            throw new Problem(Problem.Kind.CONFLICT, "This patient is a minor: their credentials go to their legal representatives.");
        }
        AccountRepository.Account owner = accountRows.ownerOf(d.id())
                .orElseThrow(() -> Problem.notFound("This dossier has no patient account."));
        if (!owner.mustChange() || owner.disabledAt() != null) {
            throw new Problem(Problem.Kind.CONFLICT, "This patient already chose a password: if it is forgotten, they ask for a new"
                    + " one from the login page (forgotten password).");
        }
        String mail = email == null || email.isBlank() ? null : email.strip();
        String mobile = phone == null || phone.isBlank() ? null : phone.replaceAll("[\\s.]", "");
        ContactChannel ch = channel == null ? (mail != null ? ContactChannel.EMAIL : ContactChannel.SMS) : channel;
        if (mail != null && !ContactChannel.isEmail(mail) || ch == ContactChannel.EMAIL && mail == null) {
            throw Problem.invalid("Give the patient's email address, for example name@example.org.");
        }
        if (mobile != null && !ContactChannel.isMobile(mobile) || ch == ContactChannel.SMS && mobile == null) {
            throw Problem.invalid("Give the patient's mobile number, for example 06 12 34 56 78.");
        }
        Instant now = clock.instant();
        accountRows.setContact(owner.login(), mail, mobile, ch);
        dossiers.setContact(d.id(), ch, mail, mobile);
        PatientAccounts.Credentials cred = accounts.renewInitialPassword(d.id(), now).orElseThrow();
        String to = ch == ContactChannel.SMS ? mobile : mail;
        send(ch, to, "CREDENTIALS", "Vos identifiants Carnet", "Vous êtes majeur : vous accédez désormais seul à votre dossier"
                + " médical partagé.\nIdentifiant : " + cred.login() + "\nMot de passe initial : " + cred.initialPassword()
                + "\nIl vous sera demandé de le changer à la première connexion.", d.id());
        return new HandedOver(ch, OnlineCreation.mask(to));
    }

    /** ACC-6: the patient designates (or the current one passes on) the médecin traitant DMP. */
    @Transactional
    public Dossier designateMedecinTraitant(Permit permit, String idnps, String by) {
        Dossier d = locked(permit, "DESIGNATE_MEDECIN_TRAITANT");
        if (d.state() != DossierState.ACTIVE) {
            throw new Problem(Problem.Kind.CONFLICT, "The dossier is not active.");
        }
        Instant now = clock.instant();
        dossiers.setMedecinTraitant(d.id(), idnps);
        dossiers.event(d.id(), DossierLifecycleEvent.Type.MEDECIN_TRAITANT_CHANGED.name(), now, by, idnps);
        events.publishEvent(new DossierLifecycleEvent(d.id(), DossierLifecycleEvent.Type.MEDECIN_TRAITANT_CHANGED, by, now));
        return reload(d);
    }

    private Dossier locked(Permit permit, String action) {
        permit.require(permit.dossierId(), action);
        return dossiers.findForUpdate(permit.dossierId())
                .orElseThrow(() -> Problem.notFound("No dossier " + permit.dossierId()));
    }

    private Dossier reload(Dossier d) {
        return dossiers.find(d.id()).orElseThrow();
    }

    private Dossier recordAndNotify(Dossier d, DossierLifecycleEvent.Type type, String by, String detail, Instant now) {
        dossiers.event(d.id(), type.name(), now, by, detail);
        events.publishEvent(new DossierLifecycleEvent(d.id(), type, by, now));
        String text = switch (type) {
            case CREATED -> "Votre dossier médical partagé a été créé.";
            case CLOSED -> "Votre dossier médical partagé a été fermé. Il est archivé 10 ans ; vous pouvez demander sa réouverture.";
            case REOPENED -> "Votre dossier médical partagé a été rouvert.";
            default -> "Votre dossier médical partagé a changé.";
        };
        // no medical detail in any message (NOT-2)
        d.notice("DOSSIER_" + type.name(), "Votre dossier médical partagé", text).ifPresent(notifications::enqueue);
        if (d.isMinorOn(today())) {
            representativeAddresses(d.id()).forEach(a ->
                    send(ContactChannel.EMAIL, a, "DOSSIER_" + type.name(), "Dossier médical partagé d'un mineur", text, d.id()));
        }
        return d;
    }

    private List<String> representativeAddresses(UUID dossierId) {
        return accountRows.activeRepresentatives(dossierId).stream().map(accountRows::find).flatMap(Optional::stream)
                .map(AccountRepository.Account::otpAddress).filter(a -> a != null).toList();
    }

    void send(ContactChannel channel, String address, String kind, String subject, String body, UUID dossierId) {
        if (address == null || address.isBlank()) {
            return;
        }
        // credentials are secrets (SEC-6): the outbox forgets them once delivered
        notifications.enqueue(new Notification(channel == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL, address, kind,
                subject, body, dossierId, "CREDENTIALS".equals(kind)));
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw Problem.invalid(field + " is required.");
        }
    }

    static void requireContact(ContactChannel channel, String email, String phone, String who) {
        if (channel == ContactChannel.SMS && (phone == null || !ContactChannel.isMobile(phone.replace(" ", "")))) {
            throw Problem.invalid("A valid phone number is required for " + who + " (SMS chosen).");
        }
        if (channel == ContactChannel.EMAIL && (email == null || !ContactChannel.isEmail(email))) {
            throw Problem.invalid("A valid email address is required for " + who + " (email chosen).");
        }
    }
}
