package health.carnet.feed;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.demo.DemoPatients;
import health.carnet.feed.internal.Importer;
import health.carnet.feed.internal.RembDocuments;
import health.carnet.support.IntegrationTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * FEED-4 with FEED-2's speed: an import returns once its claims are committed and the REMB documents
 * of the dossiers it touched follow in the background; the renderers and the importers take turns
 * through PostgreSQL advisory locks, so that no renderer unmarks a dossier while any server is still
 * loading a file (a batch of that file could add a claim the rendering did not see) and an import can
 * leave a mark already there untouched.
 */
@IntegrationTest
class RembRenderTurnsTest {

    /** The importers' side of the protocol, as FeedStore.holdRenderLock takes it: every renderer slot, shared. */
    private static final String IMPORTER_HOLDS = "select pg_advisory_lock_shared(x'0fee1'::int, s) from generate_series(0, 15) s";

    @Autowired
    Importer importer;
    @Autowired
    RembDocuments remb;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @TempDir
    Path dir;

    private final String lea = DemoPatients.byLogin("lea.petit").nir();

    private UUID dossierOf(String claimId) {
        return jdbc.sql("select dossier_id from feed_claim where claim_id = ?").param(claimId).query(UUID.class).single();
    }

    private boolean marked(UUID dossier) {
        return jdbc.sql("select count(*) from feed_remb_stale where dossier_id = ?").param(dossier).query(Long.class).single() > 0;
    }

    private long rembVersions(UUID dossier) {
        return jdbc.sql("select count(*) from document where dossier_id = ? and type_code = 'REMB'").param(dossier)
                .query(Long.class).single();
    }

    @Test
    void feed4RenderersStandAsideWhileAnyImportRunsAndRenderWhatItMarkedOnceItEnds() throws Exception {
        String first = ClaimFiles.id("turn");
        importer.importFile(ClaimFiles.write(dir, "turn-1.csv", List.of(ClaimFiles.HEADER, ClaimFiles.consultation(first, lea, ClaimFiles.daysAgo(12)))), null);
        importer.awaitDocuments();
        UUID dossier = dossierOf(first);
        assertThat(marked(dossier)).as("rendered once the import is over").isFalse();
        long before = rembVersions(dossier);

        try (Connection otherServer = dataSource.getConnection(); Statement s = otherServer.createStatement()) {
            // another server is loading a file meanwhile
            s.execute(IMPORTER_HOLDS);

            String second = ClaimFiles.id("turn");
            ImportReport r = importer.importFile(ClaimFiles.write(dir, "turn-2.csv",
                    List.of(ClaimFiles.HEADER, ClaimFiles.medicine(second, lea, ClaimFiles.daysAgo(11)))), null);
            assertThat(r.stored()).isEqualTo(1);
            assertThat(marked(dossier)).as("the import marked its dossier").isTrue();

            assertThat(importer.awaitDocuments()).as("renderers stand aside while an import runs").isZero();
            assertThat(marked(dossier)).isTrue();
            assertThat(rembVersions(dossier)).isEqualTo(before);

            // the patient changes what professionals see: rendered at once, but the mark stays for the import's end
            remb.refreshNow(dossier);
            assertThat(rembVersions(dossier)).as("rendered at once").isEqualTo(before + 1);
            assertThat(marked(dossier)).as("still marked: the running import renders at its end").isTrue();

            s.execute("select pg_advisory_unlock_all()");
        }

        assertThat(importer.awaitDocuments()).as("the import over, its dossiers are rendered").isPositive();
        assertThat(marked(dossier)).isFalse();
    }
}
