package health.carnet.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.carnet.dossier.internal.AccountRepository;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #15: patient_account (distributed by login) has no foreign key to dossier (distributed by
 * id) any more, Citus refusing one across distributions (V117). What the key protected holds in
 * code: an account is created only for an existing, live dossier, and a destroyed dossier keeps its
 * row (DOS-6, DOS-9), so no account ever names a dossier that is not there.
 */
@IntegrationTest
class AccountNamesItsDossierTest {

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;
    @Autowired
    PatientAccounts patientAccounts;

    @Test
    void noForeignKeyYetAnAccountForADossierThatDoesNotExistIsRefusedAndNothingIsWritten() {
        assertThat(jdbc.sql("""
                select count(*) from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class r on r.oid = c.confrelid
                where t.relname = 'patient_account' and r.relname = 'dossier' and c.contype = 'f'""").query(Long.class).single())
                .as("the key across distributions is gone").isZero();
        String login = "orphan-" + UUID.randomUUID();
        UUID nowhere = UUID.randomUUID();
        assertThatThrownBy(() -> accounts.insert(new AccountRepository.Account(login, nowhere, "Personne", "!", true, 0, null, null,
                null, ContactChannel.EMAIL, null), Instant.now()))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("no live dossier");
        assertThat(accounts.find(login)).isEmpty();
    }

    /**
     * Issue #15: the dossier's own login is found by the dossier through dossier_owner (routed, where
     * patient_account by dossier would ask every shard): one account per dossier is its key, and it
     * follows the login the patient chooses at creation.
     */
    @Test
    void theOwnerOfADossierIsFoundByTheDossierOneAccountPerDossierAndItFollowsAChosenLogin() {
        Http http = new Http(port);
        Patients patients = new Patients(http, notifications);
        Fresh p = Fresh.patient(http, patients, support);
        UUID dossierId = UUID.fromString(p.dossierId());
        assertThat(accounts.ownerLogin(dossierId)).contains(p.login());
        assertThat(jdbc.sql("select login from dossier_owner where dossier_id = ?").param(dossierId).query(String.class).list())
                .containsExactly(p.login());
        String second = "second-" + UUID.randomUUID();
        assertThatThrownBy(() -> accounts.insert(new AccountRepository.Account(second, dossierId, "Double", "!", true, 0, null, null,
                null, ContactChannel.EMAIL, null), Instant.now())).isInstanceOf(DuplicateKeyException.class);
        assertThat(accounts.find(second)).isEmpty();

        String chosen = "choisi" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L);
        patientAccounts.chooseLogin(p.login(), chosen);
        assertThat(accounts.ownerLogin(dossierId)).contains(chosen);
        assertThat(accounts.find(p.login())).isEmpty();
        assertThat(accounts.find(chosen).orElseThrow().dossierId()).isEqualTo(dossierId);
        // the gate's facts follow: the patient's new login reaches their dossier
        String token = patients.token(chosen, p.initialPassword(), p.email());
        assertThat(http.post("/api/me/password", token, Map.of("current", p.initialPassword(), "next", "Login-choisi-2026"))
                .statusCode()).isEqualTo(204);
        HttpResponse<String> own = http.get("/api/dossiers/" + dossierId, token);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    }

    @Test
    void aDestroyedDossierKeepsItsRowSoItsAccountStillNamesOneAndNoNewAccountNamesIt() {
        Http http = new Http(port);
        Patients patients = new Patients(http, notifications);
        Fresh p = Fresh.patient(http, patients, support);
        UUID dossierId = UUID.fromString(p.dossierId());
        String token = patients.token(p.login(), p.initialPassword(), p.email());
        assertThat(http.post("/api/me/password", token, Map.of("current", p.initialPassword(), "next", "Compte-dossier-2026"))
                .statusCode()).isEqualTo(204);
        HttpResponse<String> destroyed = http.post("/api/dossiers/" + dossierId + "/destroy", token, Map.of("confirm", "DETRUIRE"));
        assertThat(destroyed.statusCode()).as(destroyed.body()).isEqualTo(200);

        // DOS-6: the account is disabled and emptied, and still names the destroyed dossier's row
        AccountRepository.Account own = accounts.ownerOf(dossierId).orElseThrow();
        assertThat(own.disabledAt()).isNotNull();
        assertThat(jdbc.sql("select state from dossier where id = ?").param(dossierId).query(String.class).single()).isEqualTo("DESTROYED");
        // a destroyed dossier gets no new account (the key allowed that; the check is stricter)
        String login = "late-" + UUID.randomUUID();
        assertThatThrownBy(() -> accounts.insert(new AccountRepository.Account(login, dossierId, "Tard", "!", true, 0, null, null,
                null, ContactChannel.EMAIL, null), Instant.now())).isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("no live dossier");
        assertThat(accounts.find(login)).isEmpty();
        // the invariant over every account of the database
        assertThat(jdbc.sql("""
                select count(*) from patient_account a
                where a.dossier_id is not null and not exists (select 1 from dossier d where d.id = a.dossier_id)""")
                .query(Long.class).single()).isZero();
    }
}
