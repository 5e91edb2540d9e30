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
import health.carnet.shared.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Patients' logins (AUT-1): identifier + password, then a one-time code by email or SMS (new at
 * every login, single use, 10 minutes). Five wrong passwords in a row lock the account for
 * 15 minutes (the message says until when); the initial password must be changed before anything
 * else. Every attempt is audited; every successful login is notified (NOT-1).
 */
@Service
public class PatientLogins {

    static final int MAX_FAILURES = 5;
    static final Duration LOCK = Duration.ofMinutes(15);
    static final Duration CODE_VALIDITY = Duration.ofMinutes(10);
    static final String LOGIN = "LOGIN";

    private final AccountRepository accounts;
    private final Notifications notifications;
    private final AuditTrail audit;
    private final Clock clock;

    PatientLogins(AccountRepository accounts, Notifications notifications, AuditTrail audit, Clock clock) {
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

    /** Step 1: checks the password and sends a fresh one-time code. */
    @Transactional(noRollbackFor = Problem.class)
    public Challenge start(String login, String password) {
        Instant now = clock.instant();
        Account a = accounts.findForUpdate(login == null ? "" : login.trim()).orElse(null);
        if (a == null || a.disabledAt() != null) {
            // the same answer as a wrong password: do not tell which logins exist
            PatientAccounts.PASSWORDS.matches(password == null ? "" : password, DUMMY_HASH);
            audited(login, null, "LOGIN", "FAILURE", "AUT-1", "unknown login");
            throw new Problem(Problem.Kind.UNAUTHENTICATED, "Wrong login or password.");
        }
        if (a.lockedUntil() != null && now.isBefore(a.lockedUntil())) {
            audited(a.login(), a.dossierId(), "LOGIN", "FAILURE", "AUT-1", "locked");
            throw new Problem(Problem.Kind.LOCKED, "Too many wrong passwords: the account is locked until "
                    + a.lockedUntil() + " (UTC). Try again after that time.");
        }
        if (password == null || !PatientAccounts.PASSWORDS.matches(password, a.passwordHash())) {
            int failures = a.failedAttempts() + 1;
            Instant lock = failures >= MAX_FAILURES ? now.plus(LOCK) : null;
            accounts.recordFailure(a.login(), lock == null ? failures : 0, lock);
            audited(a.login(), a.dossierId(), "LOGIN", "FAILURE", "AUT-1", "wrong password");
            if (lock != null) {
                throw new Problem(Problem.Kind.LOCKED, "Too many wrong passwords: the account is locked until " + lock
                        + " (UTC). Try again after that time.");
            }
            throw new Problem(Problem.Kind.UNAUTHENTICATED, "Wrong login or password ("
                    + (MAX_FAILURES - failures) + " tries left before a 15-minute lock).");
        }
        accounts.resetFailures(a.login());
        accounts.voidOpenCodes(LOGIN, a.login(), now);
        String otp = Codes.oneTimeCode();
        UUID id = UUID.randomUUID();
        Instant expires = now.plus(CODE_VALIDITY);
        accounts.insertCode(new Code(id, LOGIN, a.login(), Codes.hash(id, otp), null, expires, null, 0), now);
        notifications.enqueue(new Notification(a.otpChannel() == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL,
                a.otpAddress(), "LOGIN_CODE", "Votre code de connexion",
                "Votre code de connexion : " + otp + " (valable 10 minutes, à usage unique).", a.dossierId()));
        return new Challenge(id, a.otpChannel(), OnlineCreation.mask(a.otpAddress()), expires);
    }

    /** Step 2: the one-time code; says who logged in (the caller mints a token or opens a session). */
    @Transactional(noRollbackFor = Problem.class)
    public LoggedIn finish(UUID challengeId, String code) {
        Instant now = clock.instant();
        Code c = accounts.codeForUpdate(challengeId).filter(x -> x.purpose().equals(LOGIN))
                .orElseThrow(() -> Problem.notFound("Unknown login challenge: start again with your password."));
        Account a = accounts.find(c.subject()).orElseThrow();
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
            accounts.countCodeAttempt(c.id());
            audited(a.login(), a.dossierId(), "LOGIN", "FAILURE", "AUT-1", "wrong code");
            throw new Problem(Problem.Kind.UNAUTHENTICATED, "Wrong code.");
        }
        accounts.markCodeUsed(c.id(), now);
        audited(a.login(), a.dossierId(), "LOGIN", "SUCCESS", "AUT-1", null);
        notifications.enqueue(new Notification(a.otpChannel() == ContactChannel.SMS ? Channel.SMS : Channel.EMAIL,
                a.otpAddress(), "LOGIN", "Connexion à votre dossier médical partagé",
                "Une connexion à votre compte a eu lieu le " + now + " (UTC). Si ce n'était pas vous, changez votre mot de passe.",
                a.dossierId()));
        return new LoggedIn(a.login(), a.displayName(), a.mustChange());
    }

    /** Changes the password (required after the initial one); at least 12 characters. */
    @Transactional
    public void changePassword(String login, String current, String next) {
        Account a = accounts.findForUpdate(login).orElseThrow(() -> Problem.notFound("Unknown login."));
        if (current == null || !PatientAccounts.PASSWORDS.matches(current, a.passwordHash())) {
            throw new Problem(Problem.Kind.UNAUTHENTICATED, "The current password is wrong.");
        }
        if (next == null || next.length() < 12 || next.equals(current)) {
            throw Problem.invalid("Choose a new password of at least 12 characters, different from the current one.");
        }
        accounts.setPassword(login, PatientAccounts.PASSWORDS.encode(next), false);
    }

    public boolean mustChangePassword(String login) {
        return accounts.find(login).map(Account::mustChange).orElse(false);
    }

    private void audited(String login, UUID dossierId, String action, String outcome, String rule, String reason) {
        audit.append(AuditRecord.of(clock.instant(), dossierId, "PATIENT", login, null, null, null, null, action, null,
                outcome, rule, null, reason));
    }

    private static final String DUMMY_HASH = PatientAccounts.PASSWORDS.encode("timing-equaliser");
}
