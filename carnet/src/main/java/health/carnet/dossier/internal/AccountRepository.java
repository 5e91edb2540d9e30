package health.carnet.dossier.internal;

import health.carnet.dossier.ContactChannel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
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
        requireDossier(a.dossierId());
        String account = """
                insert into patient_account (login, dossier_id, display_name, password_hash, must_change, email, phone,
                    otp_channel, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        List<Object> params = new java.util.ArrayList<>();
        if (a.dossierId() != null) {
            // the dossier's own login, keyed by the dossier (dossier_owner, V118), in the same statement: its key
            // refuses a second account for the dossier (DuplicateKeyException), as the unique index did
            account = "with owner as (insert into dossier_owner (dossier_id, login) values (?, ?))\n" + account;
            params.addAll(List.of(a.dossierId(), a.login()));
        }
        params.addAll(java.util.Arrays.asList(a.login(), a.dossierId(), a.displayName(), a.passwordHash(), a.mustChange(), a.email(),
                a.phone(), a.otpChannel().name(), Timestamp.from(now)));
        jdbc.sql(account).params(params).update();
    }

    /**
     * An account names an existing dossier, not destroyed. A foreign key kept this until V117; Citus
     * refuses one between patient_account (distributed by login) and dossier (by id), so it is checked
     * here, where an account gets a dossier, under the same key-share lock on the dossier's row the key
     * took (a concurrent change of the dossier's key waits). Dossier rows are never deleted (a destroyed
     * one keeps its INS and dates, DOS-9), so an account never outlives the row it names.
     */
    private void requireDossier(UUID dossierId) {
        if (dossierId != null && jdbc.sql("select 1 from dossier where id = ? and state <> 'DESTROYED' for key share")
                .param(dossierId).query(Integer.class).optional().isEmpty()) {
            throw new DataIntegrityViolationException("An account names an existing dossier; there is no live dossier " + dossierId + ".");
        }
    }

    public Optional<Account> find(String login) {
        return jdbc.sql("select * from patient_account where login = ?").param(login).query(AccountRepository::account).optional();
    }

    public Optional<Account> findForUpdate(String login) {
        return jdbc.sql("select * from patient_account where login = ? for update").param(login)
                .query(AccountRepository::account).optional();
    }

    /** The dossier's own account: its login from dossier_owner (routed by the dossier), then the account (routed by login). */
    public Optional<Account> ownerOf(UUID dossierId) {
        return ownerLogin(dossierId).flatMap(this::find);
    }

    /**
     * The login owning a dossier (the gate's facts for every patient's request): one look-up routed by
     * the dossier (dossier_owner), where patient_account, distributed by login, would ask every shard.
     */
    public Optional<String> ownerLogin(UUID dossierId) {
        return jdbc.sql("select login from dossier_owner where dossier_id = ?").param(dossierId).query(String.class).optional();
    }

    /** Gives a freshly created account a readable login: the demo's, or the one a patient chose at creation (representatives follow). */
    public void renameLogin(String from, String to) {
        // the login is patient_account's and represented_dossier's distribution key: Citus does not update one in
        // place, so their rows are moved (deleted and inserted, one statement each); legal_representative and
        // dossier_owner, keyed by dossier, are updated on the dossiers the login holds or represents (routed)
        Optional<UUID> own = find(from).map(Account::dossierId);
        List<UUID> represented = representedBy(from);
        jdbc.sql("""
                with old as (delete from patient_account where login = ? returning *)
                insert into patient_account (login, dossier_id, display_name, password_hash, must_change, failed_attempts, locked_until,
                    email, phone, otp_channel, created_at, disabled_at)
                select ?, dossier_id, display_name, password_hash, must_change, failed_attempts, locked_until, email, phone, otp_channel,
                    created_at, disabled_at from old""").params(from, to).update();
        own.ifPresent(dossierId -> jdbc.sql("update dossier_owner set login = ? where dossier_id = ? and login = ?")
                .params(to, dossierId, from).update());
        if (!represented.isEmpty()) {
            jdbc.sql("update legal_representative set login = ? where dossier_id = any(?) and login = ?")
                    .params(to, represented.toArray(UUID[]::new), from).update();
            jdbc.sql("""
                    with old as (delete from represented_dossier where login = ? returning dossier_id, since)
                    insert into represented_dossier (login, dossier_id, since) select ?, dossier_id, since from old""")
                    .params(from, to).update();
        }
    }

    public void setPassword(String login, String hash, boolean mustChange) {
        jdbc.sql("update patient_account set password_hash = ?, must_change = ?, failed_attempts = 0, locked_until = null where login = ?")
                .params(hash, mustChange, login).update();
    }

    public void setContact(String login, String email, String phone, ContactChannel channel) {
        jdbc.sql("update patient_account set email = ?, phone = ?, otp_channel = ? where login = ?")
                .params(email, phone, channel.name(), login).update();
    }

    /** The dossier's own login (if any) is disabled: by its login, found through dossier_owner (routed, not every shard). */
    public void disableFor(UUID dossierId, Instant at) {
        ownerLogin(dossierId).ifPresent(login ->
                jdbc.sql("update patient_account set disabled_at = ? where login = ? and dossier_id = ?")
                        .params(Timestamp.from(at), login, dossierId).update());
    }

    /** DOS-6: the destroyed dossier's own login keeps only its id (the audit trail names it); no name, contact or password. */
    public void erasePersonalData(UUID dossierId) {
        ownerLogin(dossierId).ifPresent(login ->
                jdbc.sql("update patient_account set display_name = '-', email = null, phone = null, password_hash = '!' "
                        + "where login = ? and dossier_id = ?").params(login, dossierId).update());
    }

    public void addRepresentative(UUID dossierId, String login, Instant since) {
        // mirrored by login (represented_dossier, V118) in the same statement: the portal asks by login
        jdbc.sql("""
                with mirror as (insert into represented_dossier (login, dossier_id, since) values (?, ?, ?))
                insert into legal_representative (dossier_id, login, since) values (?, ?, ?)""")
                .params(login, dossierId, Timestamp.from(since), dossierId, login, Timestamp.from(since)).update();
    }

    public List<String> activeRepresentatives(UUID dossierId) {
        return jdbc.sql("select login from legal_representative where dossier_id = ? and until is null order by since, login")
                .param(dossierId).query(String.class).list();
    }

    /** The dossiers a login represents now: routed by the login (represented_dossier), not every dossier's shard. */
    public List<UUID> representedBy(String login) {
        return jdbc.sql("select dossier_id from represented_dossier where login = ? order by since, dossier_id")
                .param(login).query(UUID.class).list();
    }

    public void endRepresentation(UUID dossierId, Instant at) {
        List<String> ended = jdbc.sql("update legal_representative set until = ? where dossier_id = ? and until is null returning login")
                .params(Timestamp.from(at), dossierId).query(String.class).list();
        if (!ended.isEmpty()) {
            jdbc.sql("delete from represented_dossier where login = any(?) and dossier_id = ?")
                    .params(ended.toArray(String[]::new), dossierId).update();
        }
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
