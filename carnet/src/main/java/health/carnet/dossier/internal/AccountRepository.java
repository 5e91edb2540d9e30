package health.carnet.dossier.internal;

import health.carnet.dossier.ContactChannel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of patient accounts, legal representatives and one-time codes. */
@Repository
public class AccountRepository {

    private final JdbcClient jdbc;

    public AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Account(String login, UUID dossierId, String displayName, String passwordHash, boolean mustChange,
                          int failedAttempts, Instant lockedUntil, String email, String phone, ContactChannel otpChannel,
                          Instant disabledAt) {

        public String otpAddress() {
            return otpChannel == ContactChannel.SMS ? phone : email;
        }
    }

    public void insert(Account a, Instant now) {
        jdbc.sql("""
                insert into patient_account (login, dossier_id, display_name, password_hash, must_change, email, phone,
                    otp_channel, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.login(), a.dossierId(), a.displayName(), a.passwordHash(), a.mustChange(), a.email(), a.phone(),
                        a.otpChannel().name(), Timestamp.from(now))
                .update();
    }

    public Optional<Account> find(String login) {
        return jdbc.sql("select * from patient_account where login = ?").param(login).query(AccountRepository::account).optional();
    }

    public Optional<Account> findForUpdate(String login) {
        return jdbc.sql("select * from patient_account where login = ? for update").param(login)
                .query(AccountRepository::account).optional();
    }

    public Optional<Account> ownerOf(UUID dossierId) {
        return jdbc.sql("select * from patient_account where dossier_id = ?").param(dossierId)
                .query(AccountRepository::account).optional();
    }

    /** Gives a freshly created account a readable login: the demo's, or the one a patient chose at creation (representatives follow). */
    public void renameLogin(String from, String to) {
        // legal_representative has no foreign key to patient_account (Citus: distributed differently), so the
        // cascade it had is this statement's first part
        jdbc.sql("""
                with represented as (update legal_representative set login = ? where login = ?)
                update patient_account set login = ? where login = ?""").params(to, from, to, from).update();
    }

    public void setPassword(String login, String hash, boolean mustChange) {
        jdbc.sql("update patient_account set password_hash = ?, must_change = ?, failed_attempts = 0, locked_until = null where login = ?")
                .params(hash, mustChange, login).update();
    }

    public void setContact(String login, String email, String phone, ContactChannel channel) {
        jdbc.sql("update patient_account set email = ?, phone = ?, otp_channel = ? where login = ?")
                .params(email, phone, channel.name(), login).update();
    }

    public void attachDossier(String login, UUID dossierId) {
        jdbc.sql("update patient_account set dossier_id = ? where login = ?").params(dossierId, login).update();
    }

    public void disableFor(UUID dossierId, Instant at) {
        jdbc.sql("update patient_account set disabled_at = ? where dossier_id = ?").params(Timestamp.from(at), dossierId).update();
    }

    /** DOS-6: the destroyed dossier's own login keeps only its id (the audit trail names it); no name, contact or password. */
    public void erasePersonalData(UUID dossierId) {
        jdbc.sql("update patient_account set display_name = '-', email = null, phone = null, password_hash = '!' where dossier_id = ?")
                .param(dossierId).update();
    }

    public void addRepresentative(UUID dossierId, String login, Instant since) {
        jdbc.sql("insert into legal_representative (dossier_id, login, since) values (?, ?, ?)")
                .params(dossierId, login, Timestamp.from(since)).update();
    }

    public List<String> activeRepresentatives(UUID dossierId) {
        return jdbc.sql("select login from legal_representative where dossier_id = ? and until is null order by since, login")
                .param(dossierId).query(String.class).list();
    }

    public List<UUID> representedBy(String login) {
        return jdbc.sql("select dossier_id from legal_representative where login = ? and until is null order by since")
                .param(login).query(UUID.class).list();
    }

    public void endRepresentation(UUID dossierId, Instant at) {
        jdbc.sql("update legal_representative set until = ? where dossier_id = ? and until is null")
                .params(Timestamp.from(at), dossierId).update();
    }

    // --- one-time codes ----------------------------------------------------------------------

    public record Code(UUID id, String purpose, String subject, String codeHash, String payload, Instant expiresAt,
                       Instant usedAt, int attempts) {
    }

    public void insertCode(Code c, Instant now) {
        jdbc.sql("""
                insert into one_time_code (id, purpose, subject, code_hash, payload, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(c.id(), c.purpose(), c.subject(), c.codeHash(), c.payload(), Timestamp.from(now),
                        Timestamp.from(c.expiresAt()))
                .update();
    }

    public Optional<Code> codeForUpdate(UUID id) {
        return jdbc.sql("select * from one_time_code where id = ? for update").param(id).query(AccountRepository::code).optional();
    }

    public List<Code> openCodes(String purpose, String subject) {
        return jdbc.sql("select * from one_time_code where purpose = ? and subject = ? and used_at is null order by created_at desc for update")
                .params(purpose, subject).query(AccountRepository::code).list();
    }

    public void markCodeUsed(UUID id, Instant at) {
        jdbc.sql("update one_time_code set used_at = ? where id = ?").params(Timestamp.from(at), id).update();
    }

    public void countCodeAttempt(UUID id) {
        jdbc.sql("update one_time_code set attempts = attempts + 1 where id = ?").param(id).update();
    }

    /** Earlier codes of the same purpose stop working when a new one is sent. */
    public void voidOpenCodes(String purpose, String subject, Instant at) {
        jdbc.sql("update one_time_code set used_at = ? where purpose = ? and subject = ? and used_at is null")
                .params(Timestamp.from(at), purpose, subject).update();
    }

    private static Account account(ResultSet rs, int n) throws SQLException {
        Timestamp locked = rs.getTimestamp("locked_until");
        Timestamp disabled = rs.getTimestamp("disabled_at");
        return new Account(rs.getString("login"), rs.getObject("dossier_id", UUID.class), rs.getString("display_name"),
                rs.getString("password_hash"), rs.getBoolean("must_change"), rs.getInt("failed_attempts"),
                locked == null ? null : locked.toInstant(), rs.getString("email"), rs.getString("phone"),
                ContactChannel.valueOf(rs.getString("otp_channel")), disabled == null ? null : disabled.toInstant());
    }

    private static Code code(ResultSet rs, int n) throws SQLException {
        Timestamp used = rs.getTimestamp("used_at");
        return new Code(rs.getObject("id", UUID.class), rs.getString("purpose"), rs.getString("subject"),
                rs.getString("code_hash"), rs.getString("payload"), rs.getTimestamp("expires_at").toInstant(),
                used == null ? null : used.toInstant(), rs.getInt("attempts"));
    }
}
