package health.carnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.platform.MovableClock;
import health.carnet.shared.Ins;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Destruction that is complete (DOS-6, DOS-9, SEC-1, SEC-2): per-document keys so that deleting one
 * document shreds it, a destroyed dossier leaves no clear-text index and no key, an archived
 * dossier's key sits under the key of its retention period so that a database copy taken before
 * its destruction cannot be opened afterwards, and the same INS may start again with an empty dossier.
 */
@IntegrationTest
class DestructionTest {

    @LocalServerPort
    int port;
    @Autowired
    DossierCrypto crypto;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DemoSupport support;
    @Autowired
    Notifications notifications;
    @Autowired
    Dossiers dossiers;
    @Autowired
    MovableClock clock;

    Http http;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    record Created(UUID dossierId, DemoSupport.Insured person, String email, String patientToken) {
    }

    /** A dossier created by the GP with the patient present (DOS-2), its patient logged in with a changed password. */
    Created create(DemoSupport.Insured p, String email) {
        http = new Http(port);
        HttpResponse<String> created = http.post("/api/pro/dossiers", http.softwareToken(Demo.gp()), Map.of("insSystem",
                Ins.INS_NIR_SYSTEM, "ins", p.nir(), "familyName", "Detruit", "givenNames", "Paul", "birthDate", p.birthDate().toString(),
                "sex", "M", "carteVitaleSerial", p.carteVitaleSerial(), "consentMethod", "ORAL", "email", email));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID dossierId = UUID.fromString(Http.json(created).get("dossierId").asText());
        Patients patients = new Patients(http, notifications);
        String[] credentials = patients.credentialsSentTo(email);
        String token = patients.token(credentials[0], credentials[1], email);
        http.post("/api/me/password", token, Map.of("current", credentials[1], "next", "Destruction-2026!"));
        http.post("/api/pro/dossiers/" + dossierId + "/consultation", http.softwareToken(Demo.gp()),
                Map.of("carteVitale", p.carteVitaleSerial(), "consentDeclared", true));
        return new Created(dossierId, p, email, token);
    }

    UUID deposit(UUID dossierId, String text) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + http.softwareToken(Demo.gp()))
                .POST(HttpRequest.BodyPublishers.ofString(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                        Mhd.bundle("Patient/" + dossierId, Demo.gp(), Mhd.Doc.pdf(text))))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return UUID.fromString(Http.json(r).at("/entry/1/response/location").asText().split("/")[1]);
    }

    byte[] content(UUID docId) {
        return jdbc.sql("select content from document_content where document_id = ?").param(docId).query(byte[].class).single();
    }

    static byte[] aad(UUID docId) {
        return ("content:" + docId).getBytes(StandardCharsets.UTF_8);
    }

    long count(String sql, UUID id) {
        return jdbc.sql(sql).param(id).query(Long.class).single();
    }

    @Test
    void deletingOneDocumentShredsItsOwnKeyAndLeavesTheOthersReadable() {
        String email = "shred1-" + UUID.randomUUID() + "@example.org";
        Created c = create(Insured.register(support, LocalDate.of(1971, 1, 1), email), email);
        UUID kept = deposit(c.dossierId(), "kept");
        UUID deleted = deposit(c.dossierId(), "deleted");
        byte[] copy = content(deleted); // what a backup holds
        assertThat(Aead.version(copy)).isEqualTo(Aead.STREAM_VERSION);
        assertThat(count("select count(*) from crypto_document_key where document_id = ?", deleted)).isEqualTo(1);
        assertThat(crypto.openDocument(c.dossierId(), deleted, copy, aad(deleted))).startsWith("%PDF".getBytes());

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference/" + deleted))
                .header("Authorization", "Bearer " + http.softwareToken(Demo.gp())).DELETE().build());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 204);

        // DOS-6: its key row is gone; the copy of its ciphertext can no longer be opened, the dossier key notwithstanding
        assertThat(count("select count(*) from crypto_document_key where document_id = ?", deleted)).isZero();
        assertThatThrownBy(() -> crypto.openDocument(c.dossierId(), deleted, copy, aad(deleted)))
                .isInstanceOf(KeyDestroyedException.class);
        assertThatThrownBy(() -> crypto.open(c.dossierId(), copy, aad(deleted))).isInstanceOf(IllegalStateException.class);
        assertThat(crypto.openDocument(c.dossierId(), kept, content(kept), aad(kept))).startsWith("%PDF".getBytes());
    }

    @Test
    void contentSealedBeforePerDocumentKeysStillOpensWithTheDossierKey() {
        UUID dossier = UUID.randomUUID();
        UUID doc = UUID.randomUUID();
        byte[] legacy = crypto.seal(dossier, "written by an older Carnet".getBytes(), aad(doc));
        assertThat(Aead.version(legacy)).isEqualTo(1);
        assertThat(crypto.openDocument(dossier, doc, legacy, aad(doc))).isEqualTo("written by an older Carnet".getBytes());
    }

    @Test
    void destructionLeavesNoIndexNoKeyAndTheSameInsStartsAgainWithAnEmptyDossier() {
        String email = "dos9-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured person = Insured.register(support, LocalDate.of(1968, 8, 8), email);
        Created first = create(person, email);
        UUID doc = deposit(first.dossierId(), "before destruction");
        assertThat(count("select count(*) from document where dossier_id = ?", first.dossierId())).isEqualTo(1);
        assertThat(count("select count(*) from access_consent where dossier_id = ?", first.dossierId())).isPositive();
        assertThat(count("select count(*) from access_consent_version where dossier_id = ?", first.dossierId())).isPositive();

        HttpResponse<String> destroyed = http.post("/api/dossiers/" + first.dossierId() + "/destroy", first.patientToken(),
                Map.of("confirm", "DETRUIRE"));
        assertThat(destroyed.statusCode()).as(destroyed.body()).isEqualTo(200);

        // DOS-6, SEC-2: no clear-text index (LOINC type, author, dates), no sealed row, no key, no consent left
        for (String table : List.of("document", "document_submission_set", "document_patient_resource", "crypto_dossier_key",
                "crypto_document_key", "access_consent", "access_consent_version", "access_break_glass")) {
            assertThat(count("select count(*) from " + table + " where dossier_id = ?", first.dossierId())).as(table).isZero();
        }
        assertThat(count("select count(*) from document_content where document_id = ?", doc)).isZero();
        assertThat(jdbc.sql("select email from patient_account where dossier_id = ?").param(first.dossierId()).query(String.class)
                .optional().orElse(null)).isNull();
        // what stays: the audit trail's facts
        assertThat(count("select count(*) from audit_event where dossier_id = ?", first.dossierId())).isPositive();

        // DOS-9: the same INS creates a new dossier, which starts empty
        String email2 = "dos9b-" + UUID.randomUUID() + "@example.org";
        Created second = create(new DemoSupport.Insured(person.nir(), person.familyName(), person.givenNames(), person.birthDate(),
                person.sex(), person.carteVitaleSerial(), email2, person.postalAddress()), email2);
        assertThat(second.dossierId()).isNotEqualTo(first.dossierId());
        HttpResponse<String> list = http.get("/fhir/DocumentReference?patient=Patient/" + second.dossierId(), second.patientToken());
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(Http.json(list).path("entry").size()).isZero();
        assertThat(dossiers.findByIns(Ins.parse(Ins.INS_NIR_SYSTEM, person.nir())).orElseThrow().id()).isEqualTo(second.dossierId());
        // and only one live dossier per INS
        HttpResponse<String> third = http.post("/api/pro/dossiers", http.softwareToken(Demo.gp()), Map.of("insSystem",
                Ins.INS_NIR_SYSTEM, "ins", person.nir(), "familyName", "Detruit", "givenNames", "Paul", "birthDate",
                person.birthDate().toString(), "sex", "M", "carteVitaleSerial", person.carteVitaleSerial(), "consentMethod", "ORAL",
                "email", email2));
        assertThat(third.statusCode()).isEqualTo(409);
    }

    /**
     * DOS-6, DOS-9, SEC-2, issue #15: the global tables that let an id alone or a business identifier
     * find a dossier (document_uid, document_locator, access_consent_locator) lose every row of the
     * destroyed dossier in the destroying transaction, deleted by their own keys (on Citus: only those
     * shards). The destroyed dossier stays findable by its INS through dossier_ins (not live), not by
     * scanning the dossiers: without its dossier_ins row, it is not found.
     */
    @Test
    void destructionErasesTheDossiersGlobalRowsAndItsInsStillFindsItThroughDossierIns() {
        String email = "global-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured person = Insured.register(support, LocalDate.of(1966, 6, 6), email);
        Created c = create(person, email);
        UUID doc = deposit(c.dossierId(), "global rows");
        List<UUID> located = jdbc.sql("select id from document_locator where dossier_id = ?").param(c.dossierId()).query(UUID.class).list();
        assertThat(located).as("the document and its submission set").contains(doc).hasSize(2);
        assertThat(count("select count(*) from document_uid where dossier_id = ?", c.dossierId())).isEqualTo(2);
        List<UUID> consents = jdbc.sql("select id from access_consent where dossier_id = ?").param(c.dossierId()).query(UUID.class).list();
        assertThat(consents).isNotEmpty();
        assertThat(count("select count(*) from access_consent_locator where dossier_id = ?", c.dossierId())).isEqualTo(consents.size());

        HttpResponse<String> destroyed = http.post("/api/dossiers/" + c.dossierId() + "/destroy", c.patientToken(), Map.of("confirm", "DETRUIRE"));
        assertThat(destroyed.statusCode()).as(destroyed.body()).isEqualTo(200);

        for (String table : List.of("document_uid", "document_locator", "access_consent_locator", "access_oral_declaration")) {
            assertThat(count("select count(*) from " + table + " where dossier_id = ?", c.dossierId())).as(table).isZero();
        }
        assertThat(jdbc.sql("select count(*) from document_locator where id = any(?)").param(located.toArray(UUID[]::new))
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from access_consent_locator where id = any(?)").param(consents.toArray(UUID[]::new))
                .query(Long.class).single()).isZero();
        // the ITI-68 and Consent reads by id answer as for an unknown id
        assertThat(http.get("/fhir/DocumentReference/" + doc, http.softwareToken(Demo.gp())).statusCode()).isEqualTo(404);

        // DOS-9: the INS is free (not live), and still finds the destroyed dossier through dossier_ins
        Ins ins = Ins.parse(Ins.INS_NIR_SYSTEM, person.nir());
        assertThat(jdbc.sql("select live from dossier_ins where ins = ? and dossier_id = ?").params(person.nir(), c.dossierId())
                .query(Boolean.class).list()).containsExactly(false);
        assertThat(dossiers.findByIns(ins).orElseThrow().id()).isEqualTo(c.dossierId());
        assertThat(dossiers.findByIns(ins).orElseThrow().state()).isEqualTo(health.carnet.dossier.DossierState.DESTROYED);
        jdbc.sql("delete from dossier_ins where ins = ? and dossier_id = ?").params(person.nir(), c.dossierId()).update();
        assertThat(dossiers.findByIns(ins)).as("found through dossier_ins only, never by scanning dossier.ins").isEmpty();
        jdbc.sql("insert into dossier_ins (ins, dossier_id, live) values (?, ?, false)").params(person.nir(), c.dossierId()).update();
        assertThat(dossiers.findByIns(ins)).isPresent();
    }

    @Test
    void anArchivedDossierDestroyedAtTheEndOfItsRetentionStaysUnreadableFromACopyTakenBefore() {
        String email = "epoch-" + UUID.randomUUID() + "@example.org";
        Created c = create(Insured.register(support, LocalDate.of(1955, 5, 5), email), email);
        UUID doc = deposit(c.dossierId(), "archived then destroyed");
        assertThat(http.post("/api/dossiers/" + c.dossierId() + "/close", c.patientToken(), "{}").statusCode()).isEqualTo(200);

        // SEC-2: the archived dossier's key is wrapped by the key of the month its 10-year archive ends
        String epoch = DossierCrypto.epochOf(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        var keyRow = jdbc.sql("select wrapped_key, master_key_id, created_at from crypto_dossier_key where dossier_id = ?")
                .param(c.dossierId()).query((rs, n) -> new Object[] {rs.getBytes(1), rs.getString(2), rs.getTimestamp(3)}).single();
        assertThat(keyRow[1]).isEqualTo(epoch);
        assertThat(crypto.masterKeys().keyIds()).contains(epoch);
        assertThat(crypto.openDocument(c.dossierId(), doc, content(doc), aad(doc))).startsWith("%PDF".getBytes());
        // the backup: the key rows and the ciphertext as they are before the destruction
        byte[] backupContent = content(doc);
        byte[] backupDocKey = jdbc.sql("select wrapped_key from crypto_document_key where document_id = ?").param(doc)
                .query(byte[].class).single();

        clock.moveBy(Duration.ofDays(365 * 10 + 45));
        dossiers.runRetention();
        assertThat(dossiers.find(c.dossierId()).orElseThrow().state().name()).isEqualTo("DESTROYED");
        List<String> destroyedKeys = crypto.destroyEndedEpochs(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        assertThat(destroyedKeys).contains(epoch);
        assertThat(crypto.masterKeys().keyIds()).doesNotContain(epoch);

        // the backup restored: its rows are back, yet the key of their retention period is gone for good
        jdbc.sql("insert into crypto_dossier_key (dossier_id, wrapped_key, master_key_id, created_at) values (?, ?, ?, ?)")
                .params(c.dossierId(), keyRow[0], keyRow[1], keyRow[2]).update();
        jdbc.sql("insert into crypto_document_key (document_id, dossier_id, wrapped_key, created_at) values (?, ?, ?, now())")
                .params(doc, c.dossierId(), backupDocKey).update();
        try {
            assertThatThrownBy(() -> crypto.masterKeys().unwrap(epoch, (byte[]) keyRow[0])).hasMessageContaining("no key " + epoch);
            assertThatThrownBy(() -> crypto.openDocument(c.dossierId(), doc, backupContent, aad(doc)))
                    .hasMessageContaining("no key " + epoch);
        } finally {
            jdbc.sql("delete from crypto_document_key where document_id = ?").param(doc).update();
            jdbc.sql("delete from crypto_dossier_key where dossier_id = ?").param(c.dossierId()).update();
        }
    }

    @Test
    void oldMasterKeysAreRetiredOnceNoDossierKeyNeedsThem() {
        UUID dossier = UUID.randomUUID();
        byte[] sealed = crypto.seal(dossier, "kept".getBytes(), null);
        String group = jdbc.sql("select master_key_id from crypto_dossier_key where dossier_id = ?").param(dossier)
                .query(String.class).single();
        assertThat(group).startsWith("group-" + crypto.groupOf(dossier) + "-v");
        String oldMaster = crypto.masterKeys().currentKeyId();
        crypto.masterKeys().rotate();
        crypto.rewrapAll();
        // the rotation re-keys every group: the dossier's key moved to a new version of its group key
        String regrouped = jdbc.sql("select master_key_id from crypto_dossier_key where dossier_id = ?").param(dossier)
                .query(String.class).single();
        assertThat(regrouped).startsWith("group-" + crypto.groupOf(dossier) + "-v").isNotEqualTo(group);
        clock.moveBy(Duration.ofMinutes(5));
        List<String> retired = crypto.retireOldMasterKeys();
        assertThat(retired).contains(oldMaster, group);
        assertThat(crypto.masterKeys().keyIds()).doesNotContain(oldMaster, group).contains(crypto.masterKeys().currentKeyId(), regrouped);
        // live content still opens
        assertThat(crypto.open(dossier, sealed, null)).isEqualTo("kept".getBytes());
    }

    @Test
    void aDossierDestroyedOnRequestIsUnreadableFromABackupOnceItsGroupIsRekeyed_DOS6() {
        String email = "rekey-" + UUID.randomUUID() + "@example.org";
        Created c = create(Insured.register(support, LocalDate.of(1962, 6, 2), email), email);
        UUID doc = deposit(c.dossierId(), "destroyed on request");
        // a neighbour: another dossier of the same group, which must stay readable
        UUID neighbour;
        do {
            neighbour = UUID.randomUUID();
        } while (crypto.groupOf(neighbour) != crypto.groupOf(c.dossierId()));
        byte[] neighbourSealed = crypto.seal(neighbour, "still here".getBytes(), null);

        var keyRow = jdbc.sql("select wrapped_key, master_key_id, created_at from crypto_dossier_key where dossier_id = ?")
                .param(c.dossierId()).query((rs, n) -> new Object[] {rs.getBytes(1), rs.getString(2), rs.getTimestamp(3)}).single();
        String groupKey = (String) keyRow[1];
        assertThat(groupKey).startsWith("group-");
        // the backup: the rows as they are before the destruction
        byte[] backupContent = content(doc);
        byte[] backupDocKey = jdbc.sql("select wrapped_key from crypto_document_key where document_id = ?").param(doc)
                .query(byte[].class).single();

        HttpResponse<String> destroyed = http.post("/api/dossiers/" + c.dossierId() + "/destroy", c.patientToken(),
                Map.of("confirm", "DETRUIRE"));
        assertThat(destroyed.statusCode()).as(destroyed.body()).isEqualTo(200);
        // what the job does each minute: the group re-keyed, the old version destroyed after the grace period
        assertThat(crypto.rekeyRequestedGroups()).isPositive();
        assertThat(crypto.destroyRetiredGroupKeys(clock.instant())).as("not before the grace period").doesNotContain(groupKey);
        assertThat(crypto.destroyRetiredGroupKeys(clock.instant().plus(Duration.ofMinutes(5)))).contains(groupKey);
        assertThat(crypto.masterKeys().keyIds()).doesNotContain(groupKey);
        assertThat(crypto.open(neighbour, neighbourSealed, null)).isEqualTo("still here".getBytes());

        assertABackupCannotBeOpened(c.dossierId(), doc, keyRow, backupDocKey, backupContent);
    }

    @Test
    void aClosedDossierDestroyedOnRequestIsUnreadableFromABackupOnceItsMonthIsRekeyed_DOS6() {
        String email = "rekey-epoch-" + UUID.randomUUID() + "@example.org";
        Created c = create(Insured.register(support, LocalDate.of(1958, 3, 4), email), email);
        UUID doc = deposit(c.dossierId(), "closed then destroyed on request");
        String email2 = "rekey-epoch-b-" + UUID.randomUUID() + "@example.org";
        Created neighbour = create(Insured.register(support, LocalDate.of(1959, 4, 5), email2), email2);
        UUID kept = deposit(neighbour.dossierId(), "closed the same month, kept");
        assertThat(http.post("/api/dossiers/" + c.dossierId() + "/close", c.patientToken(), "{}").statusCode()).isEqualTo(200);
        assertThat(http.post("/api/dossiers/" + neighbour.dossierId() + "/close", neighbour.patientToken(), "{}").statusCode()).isEqualTo(200);

        var keyRow = jdbc.sql("select wrapped_key, master_key_id, created_at from crypto_dossier_key where dossier_id = ?")
                .param(c.dossierId()).query((rs, n) -> new Object[] {rs.getBytes(1), rs.getString(2), rs.getTimestamp(3)}).single();
        String epochKey = (String) keyRow[1];
        assertThat(epochKey).startsWith("epoch-");
        byte[] backupContent = content(doc);
        byte[] backupDocKey = jdbc.sql("select wrapped_key from crypto_document_key where document_id = ?").param(doc)
                .query(byte[].class).single();

        HttpResponse<String> destroyed = http.post("/api/dossiers/" + c.dossierId() + "/destroy", c.patientToken(),
                Map.of("confirm", "DETRUIRE"));
        assertThat(destroyed.statusCode()).as(destroyed.body()).isEqualTo(200);
        assertThat(crypto.rekeyRequestedGroups()).isPositive();
        assertThat(crypto.destroyRetiredGroupKeys(clock.instant().plus(Duration.ofMinutes(5)))).contains(epochKey);
        assertThat(crypto.masterKeys().keyIds()).doesNotContain(epochKey);
        // the neighbour, closed the same month, moved to the month's next key and still opens
        String moved = jdbc.sql("select master_key_id from crypto_dossier_key where dossier_id = ?").param(neighbour.dossierId())
                .query(String.class).single();
        assertThat(moved).startsWith(epochKey + "-v");
        assertThat(crypto.openDocument(neighbour.dossierId(), kept, content(kept), aad(kept))).startsWith("%PDF".getBytes());

        assertABackupCannotBeOpened(c.dossierId(), doc, keyRow, backupDocKey, backupContent);
    }

    /** The backup restored: its key rows are back, yet the key that wrapped the dossier's key is gone for good. */
    private void assertABackupCannotBeOpened(UUID dossierId, UUID doc, Object[] keyRow, byte[] backupDocKey, byte[] backupContent) {
        String wrappedBy = (String) keyRow[1];
        jdbc.sql("insert into crypto_dossier_key (dossier_id, wrapped_key, master_key_id, created_at) values (?, ?, ?, ?)")
                .params(dossierId, keyRow[0], keyRow[1], keyRow[2]).update();
        jdbc.sql("insert into crypto_document_key (document_id, dossier_id, wrapped_key, created_at) values (?, ?, ?, now())")
                .params(doc, dossierId, backupDocKey).update();
        try {
            assertThatThrownBy(() -> crypto.masterKeys().unwrap(wrappedBy, (byte[]) keyRow[0])).hasMessageContaining("no key " + wrappedBy);
            assertThatThrownBy(() -> crypto.openDocument(dossierId, doc, backupContent, aad(doc))).hasMessageContaining("no key " + wrappedBy);
        } finally {
            jdbc.sql("delete from crypto_document_key where document_id = ?").param(doc).update();
            jdbc.sql("delete from crypto_dossier_key where dossier_id = ?").param(dossierId).update();
        }
    }
}
