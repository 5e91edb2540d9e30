package health.carnet.dossier;

import health.carnet.audit.AuditRecord;
import health.carnet.audit.AuditTrail;
import health.carnet.dossier.internal.AccountRepository;
import health.carnet.dossier.internal.AccountRepository.Account;
import health.carnet.dossier.internal.AccountRepository.Code;
import health.carnet.dossier.internal.Codes;
import health.carnet.notification.Channel;
import health.carnet.notification.Notification;
import health.carnet.notification.Notifications;
import health.carnet.platform.GuessLimits;
import health.carnet.shared.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Patients' logins (AUT-1): identifier + password, then a one-time code by email or SMS (new at
 * every login, single use, 10 minutes). Five wrong passwords, or five wrong codes across
 * challenges, lock the account for 15 minutes (SEC-5, {@link GuessLimits}; the message says until
 * when, in Paris time); the initial password must be changed before anything else. Every attempt is audited; every successful login is notified (NOT-1).
 */
@Service
public class PatientLogins {

    static final String WRONG_CREDENTIALS = "Wrong login or password.";
    static final Duration CODE_VALIDITY = Duration.ofMinutes(10);
    static final String LOGIN = "LOGIN";

    private final AccountRepository accounts;
    private final Notifications notifications;
    private final AuditTrail audit;
    private final GuessLimits limits;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    PatientLogins(AccountRepository accounts, Notifications notifications, AuditTrail audit, GuessLimits limits, Clock clock,
                  org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.limits = limits;
        this.accounts = accounts;
        this.notifications = notifications;
        this.audit = audit;
        this.clock = clock;
    }

    public record Challenge(UUID challengeId, ContactChannel channel, String to, Instant expiresAt) {
    }

    /**
     * Who logged in (AUT-1). Tokens are minted by the security module (issue #10: token minting in
     * {@code security} only), for the callers that need one.
     */
    public record LoggedIn(String login, String displayName, boolean mustChangePassword) {
    }

    /**
     * Step 1: checks the password and sends a fresh one-time code. A wrong password and an unknown
     * login get the same answer after the same work (an Argon2 check on a dummy hash), and both
     * count towards the same lock (SEC-5): nothing here tells whether a login exists.
     */
    @Transactional(noRollbackFor = Problem.class)
    public Challenge start(String login, String password) {
        Instant now = clock.instant();
        String name = login == null ? "" : login.trim();
        refuseIfLocked(name, null);
        Account a = accounts.findForUpdate(name).orElse(null);
        boolean usable = a != null && a.disabledAt() == null;
        boolean matches = PatientAccounts.PASSWORDS.matches(password == null ? "" : password,
                usable ? a.passwordHash() : DUMMY_HASH);
        if (!usable || !matches) {
            audited(name, usable ? a.dossierId() : null, "LOGIN", "FAILURE", "AUT-1", usable ? "wrong password" : "unknown login");
            GuessLimits.Failure f = limits.fail(GuessLimits.Limit.PASSWORD, name, until -> locked(name, usable ? a : null, until,
                    "five wrong passwords"));
            if (f.locked()) {
                throw lockedProblem(f.lockedUntil());
            }
            throw new Problem(Problem.Kind.UNAUTHENTICATED, WRONG_CREDENTIALS);
        }
        limits.reset(GuessLimits.Limit.PASSWORD, name);
        accounts.voidOpenCodes(LOGIN, a.login(), now);
        return sendCode(a, now);
    }

    /**
     * Step 2: the one-time code; says who logged in (the caller mints a token or opens a session).
     * Wrong codes count per account across challenges (SEC-5): five lock the account.
     */
    @Transactional(noRollbackFor = Problem.class)
    public LoggedIn finish(UUID challengeId, String code) {
        Instant now = clock.instant();
        Code c = accounts.codeForUpdate(challengeId).filter(x -> x.purpose().equals(LOGIN))
                .orElseThrow(() -> Problem.notFound("Unknown login challenge: start again with your password."));
        Account a = accounts.find(c.subject()).orElseThrow();
        refuseIfLocked(a.login(), a.dossierId());
        if (c.usedAt() != null) {
            audited(a.login(), a.dossierId(), "LOGIN", "FAILURE", "AUT-1", "code reused");
            throw new Problem(Problem.Kind.GONE, "This code was already used or replaced by a newer one: log in again.");
        }
        if (!now.isBefore(c.expiresAt())) {
            audited(a.login(), a.dossierId(), "LOGIN", "FAILURE", "AUT-1", "code expired");
            throw new Problem(Problem.Kind.GONE, "This code expired (10 minutes): log in again for a new one.");
        }
        if (c.attempts() >= OnlineCreation.MAX_ATTEMPTS) {
            throw new Problem(Problem.Kind.TOO_MANY, "Too many wrong codes: log in again for a new one.");
        }
        if (!Codes.matches(c.id(), code, c.codeHash())) {
            throw wrongCode(c, a.login(), a, "LOGIN", LOGIN, now);
        }
        limits.reset(GuessLimits.Limit.LOGIN_CODE, a.login());
        accounts.markCodeUsed(c.id(), now);
        audited(a.login(), a.dossierId(), "LOGIN", "SUCCESS", "AUT-1", null);
        notifications.enqueue(new Notification(a.otpChannel() == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL,
                a.otpAddress(), "LOGIN", "Connexion à votre dossier médical partagé",
                "Une connexion à votre compte a eu lieu le " + GuessLimits.frenchTime(now)
                        + " (heure de Paris). Si ce n'était pas vous, changez votre mot de passe.",
                a.dossierId()));
        return new LoggedIn(a.login(), a.displayName(), a.mustChange());
    }

    /**
     * "Recevoir un nouveau code" on the code step (AUT-1): the challenge's login gets a fresh code, the
     * earlier one stops working. Allowed while the challenge is open (its password was right) and
     * within {@link GuessLimits.Limit#CODE_REQUESTS}; the new challenge replaces the old one.
     */
    @Transactional(noRollbackFor = Problem.class)
    public Challenge resend(UUID challengeId) {
        Instant now = clock.instant();
        Code c = accounts.codeForUpdate(challengeId).filter(x -> x.purpose().equals(LOGIN))
                .orElseThrow(() -> Problem.notFound("Unknown login challenge: start again with your password."));
        Account a = accounts.findForUpdate(c.subject()).orElseThrow();
        refuseIfLocked(a.login(), a.dossierId());
        if (c.usedAt() != null || !now.isBefore(c.expiresAt().plus(CODE_VALIDITY))) {
            // spent, replaced or long expired: the password is asked again
            throw new Problem(Problem.Kind.GONE, "This login challenge is over: log in again with your password.");
        }
        requestAllowed(a.login(), a.dossierId());
        accounts.voidOpenCodes(LOGIN, a.login(), now);
        return sendCode(a, now);
    }

    /** SEC-5: at most {@code CODE_REQUESTS} codes sent on request per login and hour; the next ones are refused until then. */
    void requestAllowed(String login, UUID dossierId) {
        Optional<Instant> until = limits.lockedUntil(GuessLimits.Limit.CODE_REQUESTS, login);
        if (until.isPresent()) {
            audited(login, dossierId, "SEND_CODE", "FAILURE", "SEC-5", "too many codes requested");
            throw new Problem(Problem.Kind.TOO_MANY, "Too many codes requested: try again after "
                    + GuessLimits.englishTime(until.get()) + " (Paris time).");
        }
        limits.fail(GuessLimits.Limit.CODE_REQUESTS, login, lockUntil -> audited(login, dossierId, "SEND_CODE", "FAILURE",
                "SEC-5", "code requests limited until " + lockUntil));
    }

    private Challenge sendCode(Account a, Instant now) {
        String otp = Codes.oneTimeCode();
        UUID id = UUID.randomUUID();
        Instant expires = now.plus(CODE_VALIDITY);
        accounts.insertCode(new Code(id, LOGIN, a.login(), Codes.hash(id, otp), null, expires, null, 0), now);
        notifications.enqueue(new Notification(a.otpChannel() == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL,
                a.otpAddress(), "LOGIN_CODE", "Votre code de connexion",
                "Votre code de connexion : " + otp + " (valable 10 minutes, à usage unique).", a.dossierId(), true));
        return new Challenge(id, a.otpChannel(), OnlineCreation.mask(a.otpAddress()), expires);
    }

    /** A lock on passwords or on codes closes both doors: no new code is sent while either is locked. */
    private void refuseIfLocked(String login, UUID dossierId) {
        Optional<Instant> until = limits.lockedUntil(GuessLimits.Limit.PASSWORD, login)
                .or(() -> limits.lockedUntil(GuessLimits.Limit.LOGIN_CODE, login));
        if (until.isPresent()) {
            audited(login, dossierId, "LOGIN", "FAILURE", "SEC-5", "locked");
            throw lockedProblem(until.get());
        }
    }

    /** Reaching the limit (SEC-5): audited, and the account holder told, in the lock's own transaction. */
    void locked(String login, Account account, Instant until, String why) {
        audited(login, account == null ? null : account.dossierId(), "LOGIN", "FAILURE", "SEC-5",
                "account locked until " + until + " after " + why);
        if (account != null && account.otpAddress() != null) {
            notifications.enqueue(new Notification(account.otpChannel() == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL,
                    account.otpAddress(), "ACCOUNT_LOCKED", "Connexion à votre dossier médical partagé bloquée",
                    "Après plusieurs tentatives de connexion échouées, la connexion à votre compte est bloquée jusqu'au "
                            + GuessLimits.frenchTime(until) + " (heure de Paris). Si ce n'était pas vous, changez votre mot"
                            + " de passe à votre prochaine connexion.", account.dossierId()));
        }
    }

    /**
     * A wrong one-time code, whichever flow sent it (login, contact change, password reset): the
     * code's attempts and the account's failures across codes both count (issue #9 row 4), audited;
     * the failure that locks voids the flow's open codes and tells the patient. Returns what to throw.
     * {@code a} is null for a reset asked with an unknown login (it behaves alike, SEC-5).
     */
    Problem wrongCode(Code c, String login, Account a, String action, String purpose, Instant now) {
        accounts.countCodeAttempt(c.id());
        audited(login, a == null ? null : a.dossierId(), action, "FAILURE", "AUT-1", "wrong code");
        GuessLimits.Failure f = limits.fail(GuessLimits.Limit.LOGIN_CODE, login,
                until -> locked(login, a, until, "five wrong one-time codes"));
        if (f.locked()) {
            accounts.voidOpenCodes(purpose, login, now);
            return lockedProblem(f.lockedUntil());
        }
        return new Problem(Problem.Kind.UNAUTHENTICATED, "Wrong code.");
    }

    static Problem lockedProblem(Instant until) {
        return new Problem(Problem.Kind.LOCKED, "Too many failed attempts: the account is locked until "
                + GuessLimits.englishTime(until) + " (Paris time). Try again after that time.");
    }

    /** Changes the password (required after the initial one); at least 12 characters. */
    @Transactional
    public void changePassword(String login, String current, String next) {
        changePassword(login, current, next, null);
    }

    /**
     * Changes the password; a voluntary change (not the forced first one) also closes the person's
     * other portal sessions and revokes their tokens, all but {@code keptToken} (the id of the token
     * the change was made with, or null from the portal, whose session the caller renews), in this
     * transaction: someone who changed a password because it leaked shuts the intruder out at once.
     */
    @Transactional(noRollbackFor = Problem.class)
    public void changePassword(String login, String current, String next, String keptToken) {
        Account a = accounts.findForUpdate(login).orElseThrow(() -> Problem.notFound("Unknown login."));
        // SEC-5: whoever holds a session (or a token) cannot try passwords here either: the same count and lock as at login
        refuseIfLocked(a.login(), a.dossierId());
        if (current == null || !PatientAccounts.PASSWORDS.matches(current, a.passwordHash())) {
            audited(a.login(), a.dossierId(), "PASSWORD_CHANGE", "FAILURE", "AUT-1", "wrong current password");
            GuessLimits.Failure f = limits.fail(GuessLimits.Limit.PASSWORD, a.login(),
                    until -> locked(a.login(), a, until, "five wrong passwords"));
            if (f.locked()) {
                throw lockedProblem(f.lockedUntil());
            }
            throw new Problem(Problem.Kind.UNAUTHENTICATED, "The current password is wrong.");
        }
        if (next == null || next.length() < 12 || next.equals(current)) {
            throw Problem.invalid("Choose a new password of at least 12 characters, different from the current one.");
        }
        accounts.setPassword(login, PatientAccounts.PASSWORDS.encode(next), false);
        if (!a.mustChange()) {
            Instant now = clock.instant();
            events.publishEvent(new health.carnet.shared.PatientCredentialsChanged(login, now, keptToken));
            audited(login, a.dossierId(), "PASSWORD_CHANGE", "SUCCESS", "AUT-1", "other sessions closed");
            if (a.otpAddress() != null) {
                notifications.enqueue(new Notification(a.otpChannel() == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL,
                        a.otpAddress(), "PASSWORD_CHANGED", "Votre mot de passe a été changé",
                        "Le mot de passe de votre compte de dossier médical partagé a été changé le " + GuessLimits.frenchTime(now)
                                + " (heure de Paris) et vos autres connexions ont été fermées. Si ce n'était pas vous, demandez"
                                + " aussitôt un nouveau mot de passe depuis la page de connexion.", a.dossierId()));
            }
        }
    }

    /**
     * The password asked again before closing or destroying a dossier (DOS-5, DOS-6): wrong answers
     * are audited and count towards the same lock-out as at login.
     */
    @Transactional(noRollbackFor = Problem.class)
    public boolean confirmPassword(String login, String password) {
        Account a = accounts.findForUpdate(login).orElse(null);
        if (a == null || a.disabledAt() != null) {
            return false;
        }
        try {
            refuseIfLocked(a.login(), a.dossierId());
        } catch (Problem lockedOut) {
            return false;
        }
        if (password != null && PatientAccounts.PASSWORDS.matches(password, a.passwordHash())) {
            return true;
        }
        audited(a.login(), a.dossierId(), "CONFIRM_PASSWORD", "FAILURE", "AUT-1", "wrong password");
        limits.fail(GuessLimits.Limit.PASSWORD, a.login(), until -> locked(a.login(), a, until, "five wrong passwords"));
        return false;
    }

    public boolean mustChangePassword(String login) {
        return accounts.find(login).map(Account::mustChange).orElse(false);
    }

    void audited(String login, UUID dossierId, String action, String outcome, String rule, String reason) {
        audit.append(AuditRecord.of(clock.instant(), dossierId, "PATIENT", login, null, null, null, null, action, null,
                outcome, rule, null, reason));
    }

    private static final String DUMMY_HASH = PatientAccounts.PASSWORDS.encode("timing-equaliser");
}
