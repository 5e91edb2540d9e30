package health.carnet.feed.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.support.IntegrationTest;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * FEED-2 at the writer: after a batch that was all new, the next one is COPYed at once without
 * probing its ids; when it holds a claim stored already (a replay, a correction, another importer)
 * the locator's key refuses the COPY, the batch rolls back to its savepoint and takes the upsert:
 * nothing twice, the correction applied, and the writer probes again from then on. (A file's batches
 * are 5,000 lines: the importer's tests never reach a second batch, so the guess is tested here.)
 */
@IntegrationTest
class FirstLoadGuessTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    private static FeedStore.Staged claim(String id, UUID dossier, byte content) {
        byte[] sealed = new byte[40];
        Arrays.fill(sealed, content);
        byte[] hash = new byte[33];
        Arrays.fill(hash, content);
        return new FeedStore.Staged(id, dossier, null, LocalDate.now().minusDays(3), "CONSULTATION", sealed, hash, "guess.csv:1");
    }

    @Test
    void feed2AGuessedFirstLoadThatMeetsAStoredClaimFallsBackToTheUpsertAndStoresNothingTwice() throws Exception {
        UUID dossier = UUID.randomUUID();
        String a = "guess-a-" + UUID.randomUUID();
        String b = "guess-b-" + UUID.randomUUID();
        String c = "guess-c-" + UUID.randomUUID();
        FeedStore.FirstLoad.Guess guess = new FeedStore.FirstLoad.Guess();
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            FeedStore.prepare(conn);

            FeedStore.Counts first = FeedStore.writeBatch(conn, List.of(claim(a, dossier, (byte) 1), claim(b, dossier, (byte) 1)),
                    List.of(), -1, 2, 100, 2, 0, Instant.now(), guess);
            conn.commit();
            assertThat(first.stored()).isEqualTo(2);
            assertThat(guess.claimsNew).as("an all-new batch: the next one is tried as new").isTrue();

            // the next batch: a new claim, b corrected, a replayed as it was
            FeedStore.Counts second = FeedStore.writeBatch(conn, List.of(claim(c, dossier, (byte) 1), claim(b, dossier, (byte) 2),
                    claim(a, dossier, (byte) 1)), List.of(), -1, 5, 200, 3, 0, Instant.now(), guess);
            conn.commit();
            assertThat(second.stored()).as("c new and b corrected; a unchanged").isEqualTo(2);
            assertThat(second.unchanged()).isEqualTo(1);
            assertThat(guess.claimsNew).as("probing again after a refused guess").isFalse();
            conn.setAutoCommit(true);
        }
        assertThat(jdbc.sql("select count(*) from feed_claim where claim_id in (?, ?, ?)").params(a, b, c).query(Long.class).single())
                .isEqualTo(3);
        assertThat(jdbc.sql("select version from feed_claim where claim_id = ?").param(b).query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select version from feed_claim where claim_id = ?").param(a).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from feed_claim_locator where claim_id in (?, ?, ?)").params(a, b, c).query(Long.class).single())
                .isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from feed_claim_superseded where claim_id = ?").param(b).query(Long.class).single())
                .isEqualTo(1);
        // this dossier exists only here: leave nothing for the renderers or other tests
        jdbc.sql("delete from feed_remb_stale where dossier_id = ?").param(dossier).update();
        for (String table : List.of("feed_claim", "feed_claim_superseded", "feed_claim_locator")) {
            jdbc.sql("delete from " + table + " where claim_id in (?, ?, ?)").params(a, b, c).update();
        }
    }
}
