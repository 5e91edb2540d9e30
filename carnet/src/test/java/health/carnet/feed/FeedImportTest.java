package health.carnet.feed;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.demo.DemoPatients;
import health.carnet.dossier.ContactChannel;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.ProfessionalCreation;
import health.carnet.feed.internal.Importer;
import health.carnet.access.Gate;
import health.carnet.shared.Actor;
import health.carnet.shared.ActorKind;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Ins;
import health.carnet.shared.PurposeOfUse;
import health.carnet.shared.Nir;
import health.carnet.support.Demo;
import health.carnet.support.Insured;
import health.carnet.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** FEED-1..3, DOS-3: the importer's behaviour on good and bad input, against the real database. */
@IntegrationTest
class FeedImportTest {

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

    private final String lea = DemoPatients.byLogin("lea.petit").nir();

    @Test
    void feed2EachBadLineIsRejectedWithItsNumberAndReasonAndTheRestGoesOn() throws Exception {
        String ok1 = ClaimFiles.id("ok");
        String ok2 = ClaimFiles.id("ok");
        String ok3 = ClaimFiles.id("ok");
        String badNirKey = lea.substring(0, 13) + (lea.endsWith("99") ? "98" : "99");
        List<String> lines = new ArrayList<>(List.of(ClaimFiles.HEADER,
                ClaimFiles.consultation(ok1, lea, ClaimFiles.daysAgo(10)),                                   // 2
                "missing;" + lea + ";" + ClaimFiles.daysAgo(3) + ";CONSULTATION;G",                           // 3 missing columns
                ClaimFiles.consultation(ClaimFiles.id("nir"), badNirKey, ClaimFiles.daysAgo(3)),            // 4 bad NIR key
                ClaimFiles.consultation(ClaimFiles.id("code"), lea, ClaimFiles.daysAgo(3)).replace(";G;", ";ZZZ;"), // 5 unknown NGAP
                ClaimFiles.consultation(ClaimFiles.id("future"), lea, ClaimFiles.daysAgo(-2)),              // 6 future
                ClaimFiles.consultation(ClaimFiles.id("old"), lea, ClaimFiles.daysAgo(800)),                // 7 older than 24 months
                ClaimFiles.medicine(ok2, lea, ClaimFiles.daysAgo(20)),                                        // 8
                ClaimFiles.medicine(ClaimFiles.id("cip"), lea, ClaimFiles.daysAgo(20)).replaceFirst(";(34009\\d{7})\\d;", ";$10;"), // 9 CIP key
                "PLACEHOLDER_LATIN1",                                                                           // 10 not UTF-8
                ClaimFiles.lab(ok3, lea, ClaimFiles.daysAgo(5))));                                             // 11
        String truncated = ClaimFiles.consultation(ClaimFiles.id("cut"), lea, ClaimFiles.daysAgo(4));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String l : lines) {
            if (l.equals("PLACEHOLDER_LATIN1")) {
                bytes.write(ClaimFiles.consultation(ClaimFiles.id("latin"), lea, ClaimFiles.daysAgo(3))
                        .replace("Consultation de médecine générale", "Consultation de m\u00e9decine").getBytes(StandardCharsets.ISO_8859_1));
            } else {
                bytes.write(l.getBytes(StandardCharsets.UTF_8));
            }
            bytes.write('\n');
        }
        bytes.write(truncated.substring(0, truncated.length() / 2).getBytes(StandardCharsets.UTF_8)); // 12, no end of line
        Path f = dir.resolve("claims-bad.csv");
        Files.write(f, bytes.toByteArray());

        ImportReport r = importer.importFile(f, null);

        assertThat(r.accepted()).isTrue();
        assertThat(r.read()).isEqualTo(11);
        assertThat(r.stored()).isEqualTo(3);
        assertThat(r.rejected()).isEqualTo(8);
        assertThat(r.rejections()).extracting(ImportReport.Rejection::line).containsExactly(3L, 4L, 5L, 6L, 7L, 9L, 10L, 12L);
        assertThat(reason(r, 3)).contains("missing column");
        assertThat(reason(r, 4)).contains("NIR");
        assertThat(reason(r, 5)).contains("NGAP code 'ZZZ' unknown");
        assertThat(reason(r, 6)).contains("in the future");
        assertThat(reason(r, 7)).contains("older than 24 months");
        assertThat(reason(r, 9)).contains("CIP13").contains("check digit");
        assertThat(reason(r, 10)).contains("not UTF-8");
        assertThat(reason(r, 12)).startsWith("truncated last line");
        assertThat(jdbc.sql("select count(*) from feed_claim where claim_id in (?, ?, ?)").params(ok1, ok2, ok3)
                .query(Long.class).single()).isEqualTo(3);
        // the content is sealed: nothing of the label is readable in the table
        byte[] content = jdbc.sql("select content from feed_claim where claim_id = ?").param(ok1).query(byte[].class).single();
        assertThat(new String(content, StandardCharsets.ISO_8859_1)).doesNotContain("Consultation");
    }

    @Test
    void feed2TheSameFileTwiceIsStoredOnceAndACorrectedClaimReplacesTheEarlierBothRecorded() throws Exception {
        String a = ClaimFiles.id("dup");
        String b = ClaimFiles.id("dup");
        Path f1 = ClaimFiles.write(dir, "day1.csv", List.of(ClaimFiles.HEADER,
                ClaimFiles.consultation(a, lea, ClaimFiles.daysAgo(30)),
                ClaimFiles.consultation(b, lea, ClaimFiles.daysAgo(31)),
                // the same claim id again in the same file, different content: the later line wins
                ClaimFiles.consultation(b, lea, ClaimFiles.daysAgo(31)).replace(";30.00;", ";25.00;")));
        ImportReport first = importer.importFile(f1, null);
        assertThat(first.stored()).isEqualTo(3);
        ImportReport again = importer.importFile(f1, null);
        assertThat(again.alreadyImported()).isTrue();

        // a later file: a with the same content (no change), b corrected once more
        Path f2 = ClaimFiles.write(dir, "day2.csv", List.of(ClaimFiles.HEADER,
                ClaimFiles.consultation(a, lea, ClaimFiles.daysAgo(30)),
                ClaimFiles.consultation(b, lea, ClaimFiles.daysAgo(31)).replace(";30.00;", ";27.00;")));
        ImportReport second = importer.importFile(f2, null);
        assertThat(second.stored()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(1);

        assertThat(jdbc.sql("select count(*) from feed_claim where claim_id in (?, ?)").params(a, b).query(Long.class).single())
                .isEqualTo(2);
        assertThat(jdbc.sql("select version from feed_claim where claim_id = ?").param(b).query(Integer.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("select version from feed_claim_superseded where claim_id = ? order by version").param(b)
                .query(Integer.class).list()).containsExactly(1, 2);
        assertThat(jdbc.sql("select source from feed_claim where claim_id = ?").param(b).query(String.class).single())
                .isEqualTo("day2.csv:3");
    }

    /** FEED-2, issue #15: claims are keyed by dossier; a claim corrected to another person moves, it is never in two dossiers. */
    @Test
    void feed2AClaimCorrectedToAnotherPersonLeavesItsFormerDossier() throws Exception {
        String anne = DemoPatients.byLogin("anne.muller").nir();
        String c = ClaimFiles.id("moved");
        importer.importFile(ClaimFiles.write(dir, "first.csv", List.of(ClaimFiles.HEADER, ClaimFiles.consultation(c, lea, ClaimFiles.daysAgo(20)))),
                null);
        java.util.UUID leaDossier = jdbc.sql("select dossier_id from feed_claim where claim_id = ?").param(c).query(java.util.UUID.class).single();
        // issue #15: the claim id is filed under its dossier in feed_claim_locator, which the move below asks
        assertThat(locator(c)).containsExactly(leaDossier);
        ImportReport moved = importer.importFile(ClaimFiles.write(dir, "second.csv",
                List.of(ClaimFiles.HEADER, ClaimFiles.consultation(c, anne, ClaimFiles.daysAgo(20)))), null);
        assertThat(moved.stored()).isEqualTo(1);
        List<java.util.UUID> now = jdbc.sql("select dossier_id from feed_claim where claim_id = ?").param(c).query(java.util.UUID.class).list();
        assertThat(now).hasSize(1).doesNotContain(leaDossier);
        assertThat(locator(c)).as("the locator follows the claim").isEqualTo(now);
        // the former dossier keeps the version it had as replaced (as a correction does), and its REMB is rendered again
        assertThat(jdbc.sql("select dossier_id from feed_claim_superseded where claim_id = ?").param(c).query(java.util.UUID.class).list())
                .containsExactly(leaDossier);
        // replayed: nothing changes
        ImportReport replay = importer.importFile(ClaimFiles.write(dir, "third.csv",
                List.of(ClaimFiles.HEADER, ClaimFiles.consultation(c, anne, ClaimFiles.daysAgo(20)))), null);
        assertThat(replay.stored()).isZero();
        assertThat(jdbc.sql("select count(*) from feed_claim where claim_id = ?").param(c).query(Long.class).single()).isEqualTo(1);
        assertThat(locator(c)).isEqualTo(now);
    }

    /**
     * Issue #15: the importer finds where a claim lives through feed_claim_locator, and its move names
     * that dossier: with the locator pointing elsewhere (as if the claim lived in another dossier), a
     * claim filed again under its own person is not seen as moved and its row stays.
     */
    @Test
    void feed2TheImporterFindsAClaimsFormerDossierThroughItsLocator() throws Exception {
        String anne = DemoPatients.byLogin("anne.muller").nir();
        String c = ClaimFiles.id("located");
        importer.importFile(ClaimFiles.write(dir, "located1.csv", List.of(ClaimFiles.HEADER, ClaimFiles.consultation(c, lea, ClaimFiles.daysAgo(21)))),
                null);
        java.util.UUID leaDossier = locator(c).get(0);
        // a locator naming a dossier that does not hold the claim: the move deletes by that dossier, finds nothing
        java.util.UUID elsewhere = java.util.UUID.randomUUID();
        jdbc.sql("update feed_claim_locator set dossier_id = ? where claim_id = ?").params(elsewhere, c).update();
        ImportReport moved = importer.importFile(ClaimFiles.write(dir, "located2.csv",
                List.of(ClaimFiles.HEADER, ClaimFiles.consultation(c, anne, ClaimFiles.daysAgo(21)))), null);
        assertThat(moved.stored()).isEqualTo(1);
        assertThat(jdbc.sql("select dossier_id from feed_claim where claim_id = ?").param(c).query(java.util.UUID.class).list())
                .as("the former dossier's row is found only through the locator").contains(leaDossier).hasSize(2);
        assertThat(locator(c)).doesNotContain(elsewhere).doesNotContain(leaDossier);
        // leave one claim id in one dossier, as the importer keeps it
        jdbc.sql("delete from feed_claim where claim_id = ? and dossier_id = ?").params(c, leaDossier).update();
    }

    private List<java.util.UUID> locator(String claimId) {
        return jdbc.sql("select dossier_id from feed_claim_locator where claim_id = ?").param(claimId).query(java.util.UUID.class).list();
    }

    @Test
    void aFileNotInTheLayoutIsRefusedAtOnceAndAHeaderLackingAColumnToo() throws Exception {
        Path notFeed = ClaimFiles.write(dir, "notes.txt", List.of("Bonjour,", "voici le fichier."));
        ImportReport r = importer.importFile(notFeed, null);
        assertThat(r.accepted()).isFalse();
        assertThat(r.refused()).contains("not in a Carnet feed layout").contains("Nothing was imported");
        assertThat(jdbc.sql("select count(*) from feed_import where file_name = 'notes.txt'").query(Long.class).single()).isZero();

        Path lacking = ClaimFiles.write(dir, "lacking.csv", List.of("claim_id;nir;service_date;kind;code;label;quantity;performer_rpps",
                "x;" + lea + ";2026-01-01;CONSULTATION;G;G;1;" + ClaimFiles.GP_RPPS));
        ImportReport r2 = importer.importFile(lacking, null);
        assertThat(r2.accepted()).isFalse();
        assertThat(r2.refused()).contains("performer_name");
    }

    @Test
    void ndjsonExplanationOfBenefitAndPatientLinesImportAndAnythingElseIsRejectedWithItsLine() throws Exception {
        Insured.register(support, LocalDate.of(1980, 1, 1), "x@example.org");
        String nir = Nir.withKey("1800175" + "%06d".formatted((int) (System.nanoTime() % 1_000_000))).value();
        String id = ClaimFiles.id("eob");
        String eob = """
                {"resourceType":"ExplanationOfBenefit","identifier":[{"system":"https://carnet.health/fhir/sid/claim-id","value":"%s"}],\
                "subType":{"coding":[{"system":"https://carnet.health/fhir/CodeSystem/claim-kind","code":"IMAGING"}]},\
                "patient":{"identifier":{"system":"urn:oid:1.2.250.1.213.1.4.8","value":"%s"}},\
                "careTeam":[{"sequence":1,"provider":{"identifier":{"value":"8%s"},"display":"Dr Claire Martin"},"role":{"coding":[{"code":"performing"}]}}],\
                "item":[{"sequence":1,"servicedDate":"%s","productOrService":{"coding":[{"code":"ZBQK002"}],"text":"Radiographie du thorax"},"quantity":{"value":1}}],\
                "total":[{"category":{"coding":[{"code":"submitted"}]},"amount":{"value":21.28,"currency":"EUR"}}]}"""
                .formatted(id, lea, ClaimFiles.GP_RPPS, ClaimFiles.daysAgo(12));
        String patient = """
                {"resourceType":"Patient","identifier":[{"system":"urn:oid:1.2.250.1.213.1.4.8","value":"%s"},\
                {"system":"https://carnet.health/fhir/sid/carte-vitale","value":"CV-NDJ-1"}],"name":[{"family":"Ndjson","given":["Zoé"]}],\
                "gender":"female","birthDate":"1980-01-02","telecom":[{"system":"email","value":"zoe@example.org"}]}""".formatted(nir);
        Path f = ClaimFiles.write(dir, "bulk.ndjson", List.of(eob, patient, "{\"resourceType\":\"Observation\",\"status\":\"final\"}",
                eob.substring(0, 40)));

        ImportReport r = importer.importFile(f, null);

        assertThat(r.stored()).isEqualTo(1);
        assertThat(r.insured()).isEqualTo(1);
        assertThat(r.rejections()).extracting(ImportReport.Rejection::line).containsExactly(3L, 4L);
        assertThat(reason(r, 3)).contains("Observation, not an ExplanationOfBenefit");
        assertThat(jdbc.sql("select kind from feed_claim where claim_id = ?").param(id).query(String.class).single()).isEqualTo("IMAGING");
        assertThat(jdbc.sql("select carte_vitale_serial from insured_person where nir = ?").param(nir).query(String.class).single())
                .isEqualTo("CV-NDJ-1");
    }

    @Test
    void feed3ClaimsOfAPersonWithoutDossierAreKeptAsideAndFillTheDossierAtItsCreationDos3() throws Exception {
        DemoSupport.Insured p = Insured.register(support, LocalDate.of(1975, 5, 5), "kept@example.org");
        String c1 = ClaimFiles.id("aside");
        String c2 = ClaimFiles.id("aside");
        Path f = ClaimFiles.write(dir, "aside.csv", List.of(ClaimFiles.HEADER,
                ClaimFiles.consultation(c1, p.nir(), ClaimFiles.daysAgo(100)), ClaimFiles.medicine(c2, p.nir(), ClaimFiles.daysAgo(99))));
        ImportReport r = importer.importFile(f, null);
        assertThat(r.keptAside()).isEqualTo(2);
        assertThat(r.stored()).isZero();
        assertThat(jdbc.sql("select count(*) from feed_claim where claim_id in (?, ?)").params(c1, c2).query(Long.class).single()).isZero();

        Actor gp = new Actor(ActorKind.PROFESSIONAL, Demo.gp(), "Dr Claire Martin", "10", "SM54", null, ActorRole.CARE,
                PurposeOfUse.TREAT, "test");
        Dossier d = dossiers.createWithConsent(gate.authorizeCreation(gp, false, "test"), new ProfessionalCreation(Ins.INS_NIR_SYSTEM, p.nir(), p.familyName(), p.givenNames(),
                p.birthDate(), 'M', p.carteVitaleSerial(), "ORAL", "kept@example.org", null, ContactChannel.EMAIL, List.of()),
                "PROFESSIONAL").dossier();

        assertThat(jdbc.sql("select dossier_id from feed_claim where claim_id in (?, ?)").params(c1, c2).query(UUID.class).list())
                .containsOnly(d.id()).hasSize(2);
        assertThat(jdbc.sql("select count(*) from feed_pending where nir = ?").param(p.nir()).query(Long.class).single()).isZero();
    }

    private static String reason(ImportReport r, long line) {
        return r.rejections().stream().filter(x -> x.line() == line).findFirst().orElseThrow().reason();
    }
}
