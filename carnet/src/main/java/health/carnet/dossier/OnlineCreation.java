package health.carnet.dossier;

import health.carnet.dossier.internal.AccountRepository;
import health.carnet.dossier.internal.AccountRepository.Code;
import health.carnet.dossier.internal.Codes;
import health.carnet.dossier.internal.DossierRepository;
import health.carnet.dossier.internal.DossierRepository.InsuredPerson;
import health.carnet.notification.Channel;
import health.carnet.notification.Notification;
import health.carnet.notification.Notifications;
import health.carnet.platform.GuessLimits;
import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.shared.Nir;
import health.carnet.shared.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * DOS-1, online creation by the patient, in three steps:
 * (1) the NIR → a 12-character creation code sent to the insured person (email on file, else letter),
 *     valid 2 months;
 * (2) that code + the Carte Vitale serial + a phone number or email → a 6-digit code sent there,
 *     valid 10 minutes;
 * (3) that code → the dossier, a login identifier and an initial password (to change at first login).
 * Minors cannot create their dossier online (DOS-4).
 */
@Service
public class OnlineCreation {

    static final Period CREATION_CODE_VALIDITY = Period.ofMonths(2);
    static final Duration CONTACT_CODE_VALIDITY = Duration.ofMinutes(10);
    static final int MAX_ATTEMPTS = 5;
    static final String CREATION_CODE = "CREATION_CODE";
    static final String CREATION_CONTACT = "CREATION_CONTACT";

    private final DossierRepository dossiers;
    private final AccountRepository codes;
    private final Dossiers lifecycle;
    private final Notifications notifications;
    private final GuessLimits limits;
    private final AuditTrail audit;
    private final Clock clock;

    OnlineCreation(DossierRepository dossiers, AccountRepository codes, Dossiers lifecycle, Notifications notifications,
                   GuessLimits limits, AuditTrail audit, Clock clock) {
        this.limits = limits;
        this.audit = audit;
        this.dossiers = dossiers;
        this.codes = codes;
        this.lifecycle = lifecycle;
        this.notifications = notifications;
        this.clock = clock;
    }

    public record CodeSent(Channel channel, String to) {
    }

    /** Step 1. Says where the code went, masked, without telling whether a NIR is insured beyond that. */
    @Transactional
    public CodeSent requestCreationCode(String nirText) {
        Nir nir = Nir.of(nirText);
        InsuredPerson p = dossiers.insured(nir.value())
                .orElseThrow(() -> Problem.notFound("No insured person with this NIR in the insurer's register: check the number on your Carte Vitale."));
        if (dossiers.existsForIns(nir.value())) {
            throw Problem.conflict("A dossier already exists for this NIR: log in, or ask to reopen it if you closed it.");
        }
        if (Minors.isMinor(p.birthDate(), lifecycle.today())) {
            throw Problem.forbidden("A minor's dossier is created by a health professional with the legal representatives (DOS-4).");
        }
        refuseIfLocked(nir.value());
        limitRequests(nir.value());
        Instant now = clock.instant();
        codes.voidOpenCodes(CREATION_CODE, nir.value(), now);
        String code = Codes.creationCode();
        UUID id = UUID.randomUUID();
        Instant expires = now.atZone(ZoneOffset.UTC).plus(CREATION_CODE_VALIDITY).toInstant();
        codes.insertCode(new Code(id, CREATION_CODE, nir.value(), Codes.hash(id, code), null, expires, null, 0), now);
        Channel channel = p.email() != null ? Channel.EMAIL : Channel.LETTER;
        // a letter needs the name above the address for the envelope's window
        String to = p.email() != null ? p.email() : p.givenNames() + " " + p.familyName() + "\n" + p.postalAddress();
        notifications.enqueue(new Notification(channel, to, "CREATION_CODE", "Votre code de création de dossier médical partagé",
                "Votre code de création : " + code + "\nIl est valable deux mois.", null, true));
        return new CodeSent(channel, mask(to));
    }

    /**
     * SEC-5: creation codes asked for one NIR are limited like other codes sent on request (a
     * person's mailbox is not flooded, nor letters printed and posted at will by whoever knows a NIR).
     */
    private void limitRequests(String nir) {
        String target = "creation-code:" + nir;
        limits.lockedUntil(GuessLimits.Limit.CODE_REQUESTS, target).ifPresent(until -> {
            throw new Problem(Problem.Kind.TOO_MANY, "Too many creation codes were asked for this NIR: try again after "
                    + GuessLimits.englishTime(until) + " (Paris time).");
        });
        limits.fail(GuessLimits.Limit.CODE_REQUESTS, target, until -> audit.append(AuditRecord.of(clock.instant(), null,
                "ANONYMOUS", null, null, null, null, null, "CREATE_DOSSIER", "online creation", "DENY", "SEC-5", null,
                "creation codes for one NIR limited until " + until)));
    }

    public record ContactCheck(UUID requestId, ContactChannel channel, String to) {
    }

    /** Step 2. */
    @Transactional(noRollbackFor = Problem.class)
    public ContactCheck submitCreationCode(String nirText, String creationCode, String carteVitaleSerial,
                                           ContactChannel channel, String email, String phone) {
        Nir nir = Nir.of(nirText);
        Instant now = clock.instant();
        refuseIfLocked(nir.value());
        Code code = codes.openCodes(CREATION_CODE, nir.value()).stream().findFirst()
                .orElseThrow(() -> Problem.invalid("No creation code is pending for this NIR: ask for one first."));
        check(code, creationCode, now, "creation code");
        InsuredPerson p = dossiers.insured(nir.value()).orElseThrow();
        if (carteVitaleSerial == null || !p.carteVitaleSerial().equalsIgnoreCase(carteVitaleSerial.trim())) {
            codes.countCodeAttempt(code.id());
            wrongGuess(code.subject());
            throw Problem.invalid("The Carte Vitale number does not match this NIR.");
        }
        ContactChannel ch = channel == null ? ContactChannel.EMAIL : channel;
        Dossiers.requireContact(ch, email, phone, "you");
        codes.voidOpenCodes(CREATION_CONTACT, nir.value(), now);
        String otp = Codes.oneTimeCode();
        UUID id = UUID.randomUUID();
        String payload = ch.name() + "\n" + (email == null ? "" : email) + "\n" + (phone == null ? "" : phone);
        codes.insertCode(new Code(id, CREATION_CONTACT, nir.value(), Codes.hash(id, otp), payload,
                now.plus(CONTACT_CODE_VALIDITY), null, 0), now);
        String to = ch == ContactChannel.SMS ? phone : email;
        notifications.enqueue(new Notification(ch == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL, to, "CREATION_OTP",
                "Code de confirmation", "Votre code de confirmation : " + otp + " (valable 10 minutes).", null, true));
        return new ContactCheck(id, ch, mask(to));
    }

    /** Step 3: creates the dossier; the creation code is spent with it. */
    @Transactional(noRollbackFor = Problem.class)
    public DossierCreated confirm(UUID requestId, String oneTimeCode) {
        Instant now = clock.instant();
        Code code = codes.codeForUpdate(requestId)
                .filter(c -> c.purpose().equals(CREATION_CONTACT))
                .orElseThrow(() -> Problem.notFound("Unknown creation request: start again from your NIR."));
        refuseIfLocked(code.subject());
        check(code, oneTimeCode, now, "one-time code");
        String[] contact = code.payload().split("\n", -1);
        InsuredPerson p = dossiers.insured(code.subject()).orElseThrow();
        ContactChannel ch = ContactChannel.valueOf(contact[0]);
        DossierCreated created = lifecycle.createOnline(p, ch, blankToNull(contact[1]), blankToNull(contact[2]));
        codes.markCodeUsed(code.id(), now);
        codes.voidOpenCodes(CREATION_CODE, code.subject(), now);
        limits.reset(GuessLimits.Limit.CREATION, code.subject());
        return created;
    }

    /** SEC-5: wrong creation codes, Carte Vitale numbers and confirmation codes count per NIR, across codes. */
    private void refuseIfLocked(String nir) {
        limits.lockedUntil(GuessLimits.Limit.CREATION, nir).ifPresent(until -> {
            throw lockedProblem(until);
        });
    }

    /** Counts a wrong guess for this NIR; the one that reaches the limit locks, audits and tells the insured person. */
    private void wrongGuess(String nir) {
        GuessLimits.Failure f = limits.fail(GuessLimits.Limit.CREATION, nir, until -> {
            // the lock itself stops every step; the codes stay (voiding them here would wait on the caller's row lock)
            Instant now = clock.instant();
            audit.append(AuditRecord.of(now, null, "ANONYMOUS", null, null, null, null, null, "CREATE_DOSSIER", "online creation",
                    "DENY", "SEC-5", null, "online creation locked until " + until + " after repeated wrong codes for one NIR"));
            dossiers.insured(nir).ifPresent(p -> {
                Channel channel = p.email() != null ? Channel.EMAIL : Channel.LETTER;
                String to = p.email() != null ? p.email() : p.postalAddress();
                if (to != null) {
                    notifications.enqueue(new Notification(channel, to, "CREATION_LOCKED",
                            "Création de votre dossier médical partagé bloquée",
                            "Plusieurs codes erronés ont été saisis pour créer votre dossier médical partagé. La création en ligne"
                                    + " est bloquée jusqu'au " + GuessLimits.frenchTime(until) + " (heure de Paris). Si ce"
                                    + " n'était pas vous, vous n'avez rien à faire : aucun dossier n'a été créé.", null));
                }
            });
        });
        if (f.locked()) {
            throw lockedProblem(f.lockedUntil());
        }
    }

    private static Problem lockedProblem(Instant until) {
        return new Problem(Problem.Kind.TOO_MANY, "Too many wrong codes for this NIR: online creation is locked until "
                + GuessLimits.englishTime(until) + " (Paris time). Try again after that time.");
    }

    /**
     * Single use, unexpired, at most 5 wrong tries per code, and per NIR across codes (SEC-5): a
     * wrong try counts (and commits) before the refusal.
     */
    private void check(Code code, String given, Instant now, String what) {
        if (code.usedAt() != null) {
            throw new Problem(Problem.Kind.GONE, "This " + what + " was already used.");
        }
        if (!now.isBefore(code.expiresAt())) {
            throw new Problem(Problem.Kind.GONE, "This " + what + " expired on " + code.expiresAt() + ": ask for a new one.");
        }
        if (code.attempts() >= MAX_ATTEMPTS) {
            throw new Problem(Problem.Kind.TOO_MANY, "Too many wrong tries with this " + what + ": ask for a new one.");
        }
        if (!Codes.matches(code.id(), given, code.codeHash())) {
            codes.countCodeAttempt(code.id());
            wrongGuess(code.subject());
            throw Problem.invalid("Wrong " + what + ".");
        }
    }

    static String mask(String to) {
        if (to == null) {
            return null;
        }
        int at = to.indexOf('@');
        if (at > 1) {
            return to.charAt(0) + "***" + to.substring(at);
        }
        return to.length() > 4 ? "***" + to.substring(to.length() - 4) : "***";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
