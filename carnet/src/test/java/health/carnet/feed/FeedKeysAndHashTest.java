package health.carnet.feed;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.access.Gate;
import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.ProfessionalCreation;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.feed.internal.Importer;
import health.carnet.shared.Actor;
import health.carnet.shared.ActorKind;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Ins;
import health.carnet.shared.PurposeOfUse;
import health.carnet.support.Demo;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * FEED-2 speed and SEC-1: the first import into key-less dossiers creates their keys in one batch,
 * still one key per dossier; the claim hash is keyed (HMAC), so it does not confirm a guessed claim;
 * a claim stored with the former plain SHA-256 is re-keyed, and its replay changes nothing.
 */
@IntegrationTest
class FeedKeysAndHashTest {

    @Autowired
    Importer importer;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Dossiers dossiers;
    @Autowired
    DemoSupport support;
    @Autowired
    Gate gate;
    @TempDir
    Path dir;

    @Test
    void feed2TheFirstImportGivesEachKeylessDossierItsOwnKeyInOneBatchSec1() throws Exception {
        List<UUID> ids = new ArrayList<>();
        List<String> lines = new ArrayList<>(List.of(ClaimFiles.HEADER));
        for (int i = 0; i < 3; i++) {
            Dossier d = newDossier(LocalDate.of(1980 + i, 3, 3 + i));
            ids.add(d.id());
            assertThat(keys(d.id())).as("a new dossier has no key before its first sealed row").isZero();
            lines.add(ClaimFiles.consultation(ClaimFiles.id("k"), nirOf(d.id()), ClaimFiles.daysAgo(10)));
            lines.add(ClaimFiles.medicine(ClaimFiles.id("k"), nirOf(d.id()), ClaimFiles.daysAgo(11)));
        }
        ImportReport r = importer.importFile(ClaimFiles.write(dir, "first-import.csv", lines), null);
        importer.awaitDocuments();   // the REMB documents are filed in the background (FEED-4)

        assertThat(r.stored()).isEqualTo(6);
        List<String> wrapped = new ArrayList<>();
        for (UUID id : ids) {
            assertThat(keys(id)).as("one key per dossier (SEC-1)").isEqualTo(1);
            wrapped.add(HexFormat.of().formatHex(jdbc.sql("select wrapped_key from crypto_dossier_key where dossier_id = ?")
                    .param(id).query(byte[].class).single()));
            assertThat(jdbc.sql("select count(*) from feed_claim where dossier_id = ?").param(id).query(Long.class).single()).isEqualTo(2);
        }
        assertThat(wrapped).doesNotHaveDuplicates();
        // FEED-4: the REMB documents of the batch's dossiers are filed together (one transaction): one current each,
        // with its own document key and its submission set
        for (UUID id : ids) {
            UUID doc = jdbc.sql("select id from document where dossier_id = ? and type_code = 'REMB' and status = 'current'")
                    .param(id).query(UUID.class).single();
            assertThat(jdbc.sql("select count(*) from crypto_document_key where document_id = ?").param(doc).query(Long.class).single())
                    .isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from document_submission_set where dossier_id = ? and ? = any(document_ids)")
                    .params(id, doc).query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from document_content where document_id = ?").param(doc).query(Long.class).single())
                    .isEqualTo(1);
        }
    }

    @Test
    void theClaimHashIsKeyedAndALegacyPlainHashIsRekeyedSoAReplayChangesNothingFeed2() throws Exception {
        Dossier d = newDossier(LocalDate.of(1971, 7, 7));
        String nir = nirOf(d.id());
        String a = ClaimFiles.id("h");
        String line = ClaimFiles.consultation(a, nir, ClaimFiles.daysAgo(40));
        importer.importFile(ClaimFiles.write(dir, "hash-1.csv", List.of(ClaimFiles.HEADER, line)), null);

        byte[] hash = jdbc.sql("select content_hash from feed_claim where claim_id = ?").param(a).query(byte[].class).single();
        assertThat(hash).hasSize(33);
        assertThat(hash[0]).isEqualTo((byte) 2);
        // nobody can confirm a guess: no SHA-256 of any plain rendering of the line is in the table
        byte[] guess = MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(hash)).doesNotContain(HexFormat.of().formatHex(guess));

        // a row as an earlier Carnet stored it: a plain 32-byte SHA-256
        byte[] legacy = MessageDigest.getInstance("SHA-256").digest("anything".getBytes(StandardCharsets.UTF_8));
        jdbc.sql("update feed_claim set content_hash = ? where claim_id = ?").params(legacy, a).update();

        ImportReport replay = importer.importFile(ClaimFiles.write(dir, "hash-2.csv", List.of(ClaimFiles.HEADER, line)), null);

        assertThat(replay.unchanged()).isEqualTo(1);
        assertThat(replay.stored()).isZero();
        assertThat(jdbc.sql("select version from feed_claim where claim_id = ?").param(a).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select content_hash from feed_claim where claim_id = ?").param(a).query(byte[].class).single())
                .isEqualTo(hash);
        assertThat(jdbc.sql("select count(*) from feed_claim_superseded where claim_id = ?").param(a).query(Long.class).single()).isZero();
    }

    private Dossier newDossier(LocalDate birth) {
        DemoSupport.Insured p = Insured.register(support, birth, "keys-" + UUID.randomUUID() + "@example.org");
        Actor gp = new Actor(ActorKind.PROFESSIONAL, Demo.gp(), "Dr Claire Martin", "10", "SM54", null, ActorRole.CARE,
                PurposeOfUse.TREAT, "test");
        return dossiers.createWithConsent(gate.authorizeCreation(gp, false, "test"), new ProfessionalCreation(Ins.INS_NIR_SYSTEM,
                p.nir(), p.familyName(), p.givenNames(), p.birthDate(), 'M', p.carteVitaleSerial(), "ORAL",
                "keys@example.org", null, ContactChannel.EMAIL, List.of()), "PROFESSIONAL").dossier();
    }

    private String nirOf(UUID dossier) {
        return jdbc.sql("select ins from dossier where id = ?").param(dossier).query(String.class).single();
    }

    private long keys(UUID dossier) {
        return jdbc.sql("select count(*) from crypto_dossier_key where dossier_id = ?").param(dossier).query(Long.class).single();
    }
}
