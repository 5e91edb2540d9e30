package health.carnet.dossier;

import health.carnet.dossier.internal.AccountRepository;
import health.carnet.dossier.internal.AccountRepository.Account;
import health.carnet.dossier.internal.AccountRepository.Code;
import health.carnet.dossier.internal.Codes;
import health.carnet.dossier.internal.DossierRepository;
import health.carnet.notification.Channel;
import health.carnet.notification.Notification;
import health.carnet.notification.Notifications;
import health.carnet.platform.GuessLimits;
import health.carnet.shared.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A logged-in person changes their email, mobile number or the channel of their codes and notices
 * (AUT-1, NOT-1): the new address is proved by a code sent to it before anything changes, one
 * address at a time; once confirmed, the account (and the person's own dossier) use it, and the
 * old address is told. Codes sent count with the other codes sent on request, wrong codes with the
 * login codes (SEC-5).
 */
@Service
public class ContactChanges {

    static final String CONTACT = "CONTACT_CHANGE";

    private final AccountRepository accounts;
    private final DossierRepository dossiers;
    private final PatientLogins logins;
    private final Notifications notifications;
    private final GuessLimits limits;
    private final Clock clock;

    ContactChanges(AccountRepository accounts, DossierRepository dossiers, PatientLogins logins, Notifications notifications,
                   GuessLimits limits, Clock clock) {
        this.accounts = accounts;
        this.dossiers = dossiers;
        this.logins = logins;
        this.notifications = notifications;
        this.limits = limits;
        this.clock = clock;
    }

    /** Where a person's codes and notices go. */
    public record Contact(String email, String phone, ContactChannel channel) {
    }

    /** A change waiting for its code: where the code went (masked). */
    public record Pending(UUID requestId, ContactChannel channel, String to) {
    }

    public Contact current(String login) {
        Account a = accounts.find(login).orElseThrow(() -> Problem.notFound("Unknown login."));
        return new Contact(a.email(), a.phone(), a.otpChannel());
    }

    /**
     * Asks for a change; the code goes to the address that is new: the changed email or phone, or,
     * when only the channel changes, the address of the new channel. Refuses a change of both
     * addresses at once and a channel without an address.
     */
    @Transactional(noRollbackFor = Problem.class)
    public Pending request(String login, ContactChannel channel, String email, String phone) {
        Instant now = clock.instant();
        Account a = accounts.findForUpdate(login).orElseThrow(() -> Problem.notFound("Unknown login."));
        String newEmail = blankToNull(email);
        String newPhone = blankToNull(phone == null ? null : phone.replaceAll("[\\s.]", ""));
        ContactChannel ch = channel == null ? a.otpChannel() : channel;
        if (newEmail != null && !ContactChannel.isEmail(newEmail)) {
            throw Problem.invalid("The email address is not valid.");
        }
        if (newPhone != null && !ContactChannel.isMobile(newPhone)) {
            throw Problem.invalid("The phone number is not valid.");
        }
        Dossiers.requireContact(ch, newEmail, newPhone, "you");
        boolean emailChanged = !Objects.equals(newEmail, a.email());
        boolean phoneChanged = !Objects.equals(newPhone, a.phone());
        boolean channelChanged = ch != a.otpChannel();
        if (newEmail != null && emailChanged && newPhone != null && phoneChanged) {
            throw Problem.invalid("Change one address at a time: each new address is confirmed by a code sent to it.");
        }
        ContactChannel proveBy;
        if (newEmail != null && emailChanged) {
            proveBy = ContactChannel.EMAIL;
        } else if (newPhone != null && phoneChanged) {
            proveBy = ContactChannel.SMS;
        } else if (channelChanged) {
            proveBy = ch;
        } else if (emailChanged || phoneChanged) {
            // only a removal (of the address not used for codes): nothing to prove, the old address is told
            apply(a, new Contact(newEmail, newPhone, ch), now);
            return null;
        } else {
            throw Problem.invalid("Nothing changed.");
        }
        logins.requestAllowed(login, a.dossierId());
        accounts.voidOpenCodes(CONTACT, login, now);
        String to = proveBy == ContactChannel.SMS ? newPhone : newEmail;
        String otp = Codes.oneTimeCode();
        UUID id = UUID.randomUUID();
        accounts.insertCode(new Code(id, CONTACT, login, Codes.hash(id, otp), ch.name() + "\n" + nullToBlank(newEmail) + "\n"
                + nullToBlank(newPhone), now.plus(PatientLogins.CODE_VALIDITY), null, 0), now);
        notifications.enqueue(new Notification(proveBy == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL, to, "CONTACT_CODE",
                "Confirmez vos nouvelles coordonnées", "Votre code de confirmation : " + otp
                + " (valable 10 minutes). Il confirme cette adresse pour votre dossier médical partagé.", a.dossierId(), true));
        return new Pending(id, proveBy, OnlineCreation.mask(to));
    }

    /** The code sent to the new address: the change takes effect, and the old address is told. */
    @Transactional(noRollbackFor = Problem.class)
    public Contact confirm(String login, UUID requestId, String code) {
        Instant now = clock.instant();
        Code c = accounts.codeForUpdate(requestId).filter(x -> x.purpose().equals(CONTACT) && x.subject().equals(login))
                .orElseThrow(() -> Problem.notFound("No change of contact details is waiting: start again."));
        Account a = accounts.findForUpdate(login).orElseThrow();
        limits.lockedUntil(GuessLimits.Limit.LOGIN_CODE, login).ifPresent(until -> {
            throw PatientLogins.lockedProblem(until);
        });
        if (c.usedAt() != null || !now.isBefore(c.expiresAt())) {
            throw new Problem(Problem.Kind.GONE, "This code expired or was replaced: ask for a new one.");
        }
        if (c.attempts() >= OnlineCreation.MAX_ATTEMPTS) {
            throw new Problem(Problem.Kind.TOO_MANY, "Too many wrong codes: ask for a new one.");
        }
        if (!Codes.matches(c.id(), code, c.codeHash())) {
            throw logins.wrongCode(c, login, a, "CONTACT_CHANGE", CONTACT, now);
        }
        accounts.markCodeUsed(c.id(), now);
        limits.reset(GuessLimits.Limit.LOGIN_CODE, login);
        String[] p = c.payload().split("\n", -1);
        Contact next = new Contact(blankToNull(p[1]), blankToNull(p[2]), ContactChannel.valueOf(p[0]));
        apply(a, next, now);
        return next;
    }

    private void apply(Account a, Contact next, Instant now) {
        accounts.setContact(a.login(), next.email(), next.phone(), next.channel());
        if (a.dossierId() != null) {
            // the person's own dossier sends its notices by the same channel (a representative has none of their own)
            dossiers.setContact(a.dossierId(), next.channel(), next.email(), next.phone());
        }
        logins.audited(a.login(), a.dossierId(), "CONTACT_CHANGE", "SUCCESS", "AUT-1", null);
        String text = "Les coordonnées de votre compte de dossier médical partagé ont été modifiées le "
                + GuessLimits.frenchTime(now) + " (heure de Paris). Si ce n'était pas vous, changez votre mot de passe"
                + " depuis la page de connexion (mot de passe oublié).";
        // the old addresses are told: the one codes went to, and an email that was replaced
        java.util.Set<String> told = new java.util.HashSet<>();
        if (a.otpAddress() != null && told.add(a.otpAddress())) {
            notifications.enqueue(new Notification(a.otpChannel() == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL,
                    a.otpAddress(), "CONTACT_CHANGED", "Vos coordonnées ont été modifiées", text, a.dossierId()));
        }
        if (a.email() != null && !a.email().equals(next.email()) && told.add(a.email())) {
            notifications.enqueue(new Notification(Channel.EMAIL, a.email(), "CONTACT_CHANGED", "Vos coordonnées ont été modifiées",
                    text, a.dossierId()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String nullToBlank(String s) {
        return s == null ? "" : s;
    }
}
