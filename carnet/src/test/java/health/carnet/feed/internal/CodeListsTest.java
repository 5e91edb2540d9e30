package health.carnet.feed.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.feed.ClaimKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FEED-2: codes are checked against the list of their system when one is in force: the NGAP list
 * shipped in the jar by default, each list replaced by the operator's ({@code carnet.feed.codes-dir});
 * a line with an unknown code is rejected with the reason naming the list. Plain JUnit.
 */
class CodeListsTest {

    private static final String HEADER = "claim_id;nir;service_date;kind;code;atc;label;quantity;performer_rpps;performer_name";

    @TempDir
    Path dir;

    @Test
    void feed2TheShippedNgapListIsInForceAndTheOtherSystemsAreCheckedByTheirShape() {
        CodeSystems codes = new CodeSystems(null);
        assertThat(codes.listed()).contains("NGAP");
        assertThat(codes.check(ClaimKind.CONSULTATION, "G")).isNull();
        assertThat(codes.check(ClaimKind.PROFESSIONAL_ACT, "AMI")).isNull();
        assertThat(codes.check(ClaimKind.CONSULTATION, "ZZZ")).contains("NGAP code 'ZZZ' unknown");
        // no CCAM / NABM / GHM / CIP list shipped: their structure only (docs/feed.md says why)
        assertThat(codes.check(ClaimKind.IMAGING, "ZZZZ999")).isNull();
        assertThat(codes.check(ClaimKind.IMAGING, "ZZZ99")).contains("4 letters and 3 digits");
        assertThat(codes.check(ClaimKind.LAB, "9999")).isNull();
        assertThat(codes.check(ClaimKind.STAY, "05M092")).isNull();
    }

    @Test
    void feed2TheOperatorsListsReplaceTheShippedOnesAndAnUnknownCodeRejectsItsLine() throws Exception {
        Files.writeString(dir.resolve("ccam.txt"), "# CCAM 2026\nZBQK002;Radiographie du thorax\nACQK001 Scanographie\n");
        Files.writeString(dir.resolve("ngap.txt"), "G\nCS\n");
        Files.writeString(dir.resolve("nabm.txt"), "1104\n");
        CodeSystems codes = new CodeSystems(dir);
        assertThat(codes.check(ClaimKind.IMAGING, "ZBQK002")).isNull();
        assertThat(codes.check(ClaimKind.IMAGING, "ACQK001")).isNull();
        assertThat(codes.check(ClaimKind.IMAGING, "ZZZZ999")).isEqualTo("CCAM code 'ZZZZ999' unknown in the CCAM list");
        assertThat(codes.check(ClaimKind.CONSULTATION, "APC")).as("the operator's NGAP list replaces the shipped one")
                .contains("NGAP code 'APC' unknown");
        assertThat(codes.check(ClaimKind.LAB, "0552")).isEqualTo("NABM code '0552' unknown in the NABM list");

        LocalDate today = LocalDate.now(Importer.PARIS);
        FeedFormat format = FeedFormat.detect(HEADER, codes, today);
        FeedFormat.Parsed known = format.parse("K1;285057510000104;" + today.minusDays(3) + ";IMAGING;ZBQK002;;Radio;1;10000000017;Dr Martin");
        assertThat(known).isInstanceOf(FeedFormat.Claim.class);
        FeedFormat.Parsed unknown = format.parse("K2;285057510000104;" + today.minusDays(3) + ";IMAGING;ZZZZ999;;Radio;1;10000000017;Dr Martin");
        assertThat(unknown).isInstanceOf(FeedFormat.Rejected.class);
        assertThat(((FeedFormat.Rejected) unknown).reason()).isEqualTo("claim K2: CCAM code 'ZZZZ999' unknown in the CCAM list");
    }
}
