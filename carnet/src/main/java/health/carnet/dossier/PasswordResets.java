package health.carnet.dossier;

import health.carnet.dossier.internal.AccountRepository;
import health.carnet.dossier.internal.AccountRepository.Account;
import health.carnet.dossier.internal.AccountRepository.Code;
import health.carnet.dossier.internal.Codes;
import health.carnet.notification.Channel;
import health.carnet.notification.Notification;
import health.carnet.notification.Notifications;
import health.carnet.platform.GuessLimits;
import health.carnet.shared.PatientCredentialsChanged;
import health.carnet.shared.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Forgotten password (AUT-1 "then recovery"): the login → a one-time code on the account's own
 * channel → a new password. The answer is the same whether the login exists or not: an unknown
 * login gets a request of its own that no code can ever match, counted and locked the same way
 * (SEC-5). Wrong codes count with the login codes (one lock per account across challenges);
 * requests count with the other codes sent on request. A reset lifts a password lock-out (that is
 * what it is for), revokes every token and portal session opened before it, and tells the account
 * holder, on their channel, that the password changed.
 */
@Service
public class PasswordResets {

    static final String RESET = "PASSWORD_RESET";

    private final AccountRepository accounts;
    private final PatientLogins logins;
    private final Notifications notifications;
    private final GuessLimits limits;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PasswordResets(AccountRepository accounts, PatientLogins logins, Notifications notifications, GuessLimits limits,
                   ApplicationEventPublisher events, Clock clock) {
        this.accounts = accounts;
        this.logins = logins;
        this.notifications = notifications;
        this.limits = limits;
        this.events = events;
        this.clock = clock;
    }

    /** Step 1: the id of the reset request; a code went to the account's channel if the login exists. */
    @Transactional(noRollbackFor = Problem.class)
    public UUID start(String login) {
        String name = login == null ? "" : login.trim();
        if (name.isEmpty()) {
            throw Problem.invalid("Give your login: a code will be sent to the address or phone of your account.");
        }
        Instant now = clock.instant();
        refuseIfCodesLocked(name);
        logins.requestAllowed(name, null);
        Account a = accounts.findForUpdate(name).filter(x -> x.disabledAt() == null && x.otpAddress() != null).orElse(null);
        accounts.voidOpenCodes(RESET, name, now);
        UUID id = UUID.randomUUID();
        String code = Codes.oneTimeCode();
        // an unknown login's request stores the hash of a code nobody receives: the next step behaves alike
        accounts.insertCode(new Code(id, RESET, a == null ? name : a.login(),
                Codes.hash(id, a == null ? Codes.initialPassword() : code), null, now.plus(PatientLogins.CODE_VALIDITY), null, 0), now);
        logins.audited(name, a == null ? null : a.dossierId(), "PASSWORD_RESET", "REQUESTED", "AUT-1",
                a == null ? "unknown login" : null);
        if (a != null) {
            notifications.enqueue(new Notification(channel(a), a.otpAddress(), "PASSWORD_RESET_CODE",
                    "Réinitialisation de votre mot de passe",
                    "Votre code de réinitialisation : " + code + " (valable 10 minutes, à usage unique). Si vous n'avez pas"
                            + " demandé à changer votre mot de passe, ignorez ce message.", a.dossierId(), true));
        }
        return id;
    }

    /** Step 2: the code and the new password (at least 12 characters). */
    @Transactional(noRollbackFor = Problem.class)
    public void finish(UUID requestId, String code, String newPassword) {
        Instant now = clock.instant();
        Code c = accounts.codeForUpdate(requestId).filter(x -> x.purpose().equals(RESET))
                .orElseThrow(() -> Problem.notFound("Unknown reset request: start again with your login."));
        String login = c.subject();
        refuseIfCodesLocked(login);
        if (c.usedAt() != null) {
            throw new Problem(Problem.Kind.GONE, "This code was already used or replaced by a newer one: ask for a new one.");
        }
        if (!now.isBefore(c.expiresAt())) {
            throw new Problem(Problem.Kind.GONE, "This code expired (10 minutes): ask for a new one.");
        }
        if (c.attempts() >= OnlineCreation.MAX_ATTEMPTS) {
            throw new Problem(Problem.Kind.TOO_MANY, "Too many wrong codes: ask for a new one.");
        }
        if (newPassword == null || newPassword.length() < 12) {
            throw Problem.invalid("Choose a new password of at least 12 characters.");
        }
        Account a = accounts.findForUpdate(login).orElse(null);
        if (a == null || !Codes.matches(c.id(), code, c.codeHash())) {
            throw logins.wrongCode(c, login, a, "PASSWORD_RESET", RESET, now);
        }
        accounts.markCodeUsed(c.id(), now);
        accounts.voidOpenCodes(PatientLogins.LOGIN, login, now);
        accounts.setPassword(login, PatientAccounts.PASSWORDS.encode(newPassword), false);
        limits.reset(GuessLimits.Limit.PASSWORD, login);
        limits.reset(GuessLimits.Limit.LOGIN_CODE, login);
        events.publishEvent(new PatientCredentialsChanged(login, now));
        logins.audited(login, a.dossierId(), "PASSWORD_RESET", "SUCCESS", "AUT-1", null);
        notifications.enqueue(new Notification(channel(a), a.otpAddress(), "PASSWORD_CHANGED",
                "Votre mot de passe a été changé",
                "Le mot de passe de votre compte de dossier médical partagé a été changé le " + GuessLimits.frenchTime(now)
                        + " (heure de Paris) et vos connexions en cours ont été fermées. Si ce n'était pas vous, demandez"
                        + " aussitôt un nouveau mot de passe depuis la page de connexion.", a.dossierId()));
    }

    /** A lock on codes stops the reset too (the code is the secret guessed); a lock on passwords does not. */
    private void refuseIfCodesLocked(String login) {
        limits.lockedUntil(GuessLimits.Limit.LOGIN_CODE, login).ifPresent(until -> {
            throw PatientLogins.lockedProblem(until);
        });
    }

    private static Channel channel(Account a) {
        return a.otpChannel() == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL;
    }
}
