package health.carnet.shared;

import java.time.Instant;

/**
 * A patient's login got new credentials, through a recovery (forgotten password) or a voluntary
 * change: every session and token opened before {@code at} must stop working, except the token
 * {@code keptToken} (the id of the one the change was made with; null keeps none). Published by the
 * dossier module in the transaction of the change; the security module records the cut-off in the
 * same transaction.
 */
public record PatientCredentialsChanged(String login, Instant at, String keptToken) {

    /** A change that keeps no token (a password reset). */
    public PatientCredentialsChanged(String login, Instant at) {
        this(login, at, null);
    }
}
