package health.carnet.security.internal;

import health.carnet.shared.PatientCredentialsChanged;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Per patient login, the moment before which its tokens and portal sessions no longer count (a
 * password reset revokes them all; a voluntary change all but the token it was made with). Real time, not the application clock: tokens carry real-time
 * {@code iat}. In milliseconds, as Carnet's patient tokens carry their issue time ({@code iat_ms}):
 * a token opened in the same second just after the reset still counts.
 */
@Repository
public class TokenRevocations {

    private final JdbcClient jdbc;

    TokenRevocations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** In the transaction of the change: the revocation commits with the new password, or neither does. */
    @EventListener
    void on(PatientCredentialsChanged changed) {
        Timestamp cut = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        jdbc.sql("""
                insert into patient_token_revocation (login, not_before, kept_token) values (?, ?, ?)
                on conflict (login) do update set not_before = excluded.not_before, kept_token = excluded.kept_token""")
                .params(changed.login(), cut, changed.keptToken()).update();
    }

    /** The cut-off and the one token opened before it that still counts (null: none). */
    public record Cut(Instant notBefore, String keptToken) {

        /** Whether a token (or session, whose id is null) opened at {@code issuedAt} is revoked by this cut. */
        public boolean revokes(Instant issuedAt, String tokenId) {
            if (keptToken != null && keptToken.equals(tokenId)) {
                return false;
            }
            return issuedAt == null || issuedAt.isBefore(notBefore);
        }
    }

    public Optional<Cut> cut(String login) {
        return jdbc.sql("select not_before, kept_token from patient_token_revocation where login = ?").param(login)
                .query((rs, i) -> new Cut(rs.getTimestamp(1).toInstant(), rs.getString(2))).optional();
    }

    public Optional<Instant> notBefore(String login) {
        return jdbc.sql("select not_before from patient_token_revocation where login = ?").param(login)
                .query(Timestamp.class).optional().map(Timestamp::toInstant);
    }
}
