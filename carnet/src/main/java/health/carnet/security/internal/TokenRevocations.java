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
 * password reset revokes them). Real time, not the application clock: tokens carry real-time
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
                insert into patient_token_revocation (login, not_before) values (?, ?)
                on conflict (login) do update set not_before = excluded.not_before""")
                .params(changed.login(), cut).update();
    }

    public Optional<Instant> notBefore(String login) {
        return jdbc.sql("select not_before from patient_token_revocation where login = ?").param(login)
                .query(Timestamp.class).optional().map(Timestamp::toInstant);
    }
}
