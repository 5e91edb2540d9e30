package health.carnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.shared.Ins;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** SEC-1, SEC-2: per-dossier keys, crypto-shredding at destruction, master-key rotation beside live traffic. */
@IntegrationTest
class DossierKeysTest {

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
    MasterKeys masterKeys;

    @Test
    void keysMadeInABatchAreTheKeysStoredWrapped_sec1() {
        // ensureKeys keeps the keys it made and stored without reading them back: what it seals with
        // must be exactly what the stored, wrapped key opens (a server without the cache reads that one)
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        crypto.ensureKeys(List.of(a, b));
        byte[] sealed = crypto.seal(a, "batch".getBytes(StandardCharsets.UTF_8), "aad".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> row = jdbc.sql("select wrapped_key, master_key_id from crypto_dossier_key where dossier_id = ?")
                .param(a).query().singleRow();
        byte[] stored = masterKeys.unwrap((String) row.get("master_key_id"), (byte[]) row.get("wrapped_key"));
        assertThat(Aead.open(new javax.crypto.spec.SecretKeySpec(stored, "AES"), sealed, "aad".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("batch".getBytes(StandardCharsets.UTF_8));
        assertThat(jdbc.sql("select count(*) from crypto_dossier_key where dossier_id in (?, ?)").params(a, b).query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void eachDossierHasItsOwnKey() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        byte[] sealed = crypto.seal(a, "secret".getBytes(), null);
        crypto.seal(b, "other".getBytes(), null);
        assertThat(crypto.open(a, sealed, null)).isEqualTo("secret".getBytes());
        assertThatThrownBy(() -> crypto.open(b, sealed, null)).hasMessageContaining("Decryption failed");
    }

    @Test
    void destroyingADossierDestroysItsKeySoItsContentCanNeverBeDecryptedAgain() {
        Http http = new Http(port);
        String email = "shred-" + UUID.randomUUID() + "@example.org";
        DemoSupport.Insured p = Insured.register(support, LocalDate.of(1966, 6, 6), email);
        var created = http.post("/api/pro/dossiers", http.softwareToken(Demo.gp()), Map.of("insSystem", Ins.INS_NIR_SYSTEM,
                "ins", p.nir(), "familyName", "Shred", "givenNames", "Der", "birthDate", "1966-06-06", "sex", "M",
                "carteVitaleSerial", p.carteVitaleSerial(), "consentMethod", "ORAL", "email", email));
        UUID dossierId = UUID.fromString(Http.json(created).get("dossierId").asText());
        String login = new Patients(http, notifications).credentialsSentTo(email)[0];
        // the creating doctor declares the consultation, then deposits
        String doctor = http.softwareToken(Demo.gp());
        http.post("/api/pro/dossiers/" + dossierId + "/consultation", doctor, Map.of("carteVitale", p.carteVitaleSerial(),
                "consentDeclared", true));
        var r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir")).header("Content-Type", "application/fhir+json")
                .header("Authorization", "Bearer " + doctor).POST(HttpRequest.BodyPublishers.ofString(FhirContext.forR4Cached()
                        .newJsonParser().encodeResourceToString(Mhd.bundle("Patient/" + dossierId, Demo.gp(), Mhd.Doc.pdf("shred me")))))
                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        UUID docId = jdbc.sql("select id from document where dossier_id = ?").param(dossierId).query(UUID.class).single();
        byte[] ciphertext = jdbc.sql("select content from document_content where document_id = ?").param(docId).query(byte[].class).single();
        // content has its own key since V27 (wrapped by the dossier key): openDocument finds it
        assertThat(crypto.openDocument(dossierId, docId, ciphertext, ("content:" + docId).getBytes(StandardCharsets.UTF_8)))
                .startsWith("%PDF".getBytes());

        Patients patients = new Patients(http, notifications);
        String initial = patients.credentialsSentTo(email)[1];
        String token = patients.token(login, initial, email);
        http.post("/api/me/password", token, Map.of("current", initial, "next", "Destruction-2026!"));
        assertThat(http.post("/api/dossiers/" + dossierId + "/destroy", token, Map.of("confirm", "DETRUIRE")).statusCode()).isEqualTo(200);

        assertThat(crypto.hasKey(dossierId)).isFalse();
        assertThat(jdbc.sql("select count(*) from crypto_dossier_key where dossier_id = ?").param(dossierId).query(Long.class).single())
                .isZero();
        // a copy of the ciphertext (a backup) is useless: the key is gone
        assertThatThrownBy(() -> crypto.openDocument(dossierId, docId, ciphertext, ("content:" + docId).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeyDestroyedException.class);
    }

    @Test
    void rotatingTheMasterKeyRewrapsEveryDataKeyAndContentStillOpens() {
        UUID dossier = UUID.randomUUID();
        byte[] sealed = crypto.seal(dossier, "before rotation".getBytes(), null);
        String before = crypto.masterKeys().currentKeyId();
        String after = crypto.masterKeys().rotate();
        assertThat(after).isNotEqualTo(before);
        int rewrapped = crypto.rewrapAll();
        assertThat(rewrapped).isPositive();
        // keys of archived dossiers stay under their retention-period key (SEC-2); the others under their
        // group's key (issue #9), none under a master key any more
        List<String> ids = jdbc.sql("select distinct master_key_id from crypto_dossier_key where master_key_id not like 'epoch-%'")
                .query(String.class).list();
        assertThat(ids).isNotEmpty().allMatch(id -> id.startsWith("group-"));
        assertThat(crypto.open(dossier, sealed, null)).isEqualTo("before rotation".getBytes());
    }
}
