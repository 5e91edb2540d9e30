package health.carnet.shared;

import java.time.Instant;

/**
 * A patient's login got new credentials through a recovery (forgotten password): every session and
 * token opened before {@code at} must stop working. Published by the dossier module in the
 * transaction of the change; the security module records the cut-off in the same transaction.
 */
public record PatientCredentialsChanged(String login, Instant at) {
}
