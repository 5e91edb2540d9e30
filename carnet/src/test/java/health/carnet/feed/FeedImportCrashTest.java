package health.carnet.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import health.carnet.CarnetApplication;
import health.carnet.demo.DemoPatients;
import health.carnet.feed.internal.Importer;
import health.carnet.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * FEED-2, resumable: a child JVM runs {@code feed-import} on the test's database and is killed
 * (SIGKILL) half-way; the same import run again resumes after the last committed batch, and every
 * valid line is stored exactly once, every bad one rejected once, no line counted twice.
 */
@IntegrationTest
class FeedImportCrashTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Importer importer;
    @TempDir
    Path dir;

    @Test
    void killedHalfWayThenRunAgainStoresEveryValidLineExactlyOnce() throws Exception {
        String prefix = ClaimFiles.id("crash");
        String[] nirs = {DemoPatients.byLogin("lea.petit").nir(), DemoPatients.byLogin("jean.moreau").nir(),
                DemoPatients.byLogin("hugo.lefebvre").nir()};
        int total = 60_000;
        List<String> lines = new ArrayList<>(total + 1);
        lines.add(ClaimFiles.HEADER);
        int bad = 0;
        for (int i = 0; i < total; i++) {
            if (i % 1000 == 999) {
                lines.add(prefix + "-" + i + ";" + nirs[0] + ";not-a-date;CONSULTATION;G;;x;1;" + ClaimFiles.GP_RPPS + ";Dr;;;;;;");
                bad++;
            } else {
                lines.add(ClaimFiles.consultation(prefix + "-" + i, nirs[i % 3], ClaimFiles.daysAgo(1 + i % 600)));
            }
        }
        Path file = ClaimFiles.write(dir, prefix + ".csv", lines);
        String url = ((HikariDataSource) dataSource).getJdbcUrl();
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CarnetApplication.class.getName(), "feed-import", file.toString(),
                "--carnet.database.url=" + url, "--carnet.database.username=postgres",
                "--carnet.home=" + Path.of("target/test-home").toAbsolutePath(), "--carnet.feed.batch-size=250",
                "--carnet.security.issuer=http://carnet.test", "--logging.structured.format.console=")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long done = 0;
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline && child.isAlive()) {
            done = jdbc.sql("select coalesce(max(lines_done), 0) from feed_import where file_name = ?").param(file.getFileName().toString())
                    .query(Long.class).single();
            if (done > 0) {
                break;
            }
            Thread.sleep(20);
        }
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        // the killed JVM's database session ends only when its server process notices the closed socket
        // (a COPY or a commit in flight finishes or aborts first): until then it holds the file's import
        // lock, and a rerun is rightly told the file is being imported. Wait for that, as an operator would.
        long sessionDeadline = System.currentTimeMillis() + 60_000;
        while (jdbc.sql("select count(*) from pg_locks where locktype = 'advisory' and classid = 65248 and granted")
                .query(Long.class).single() > 0 && System.currentTimeMillis() < sessionDeadline) {
            Thread.sleep(50);
        }
        long atKill = jdbc.sql("select lines_done from feed_import where file_name = ?").param(file.getFileName().toString())
                .query(Long.class).single();
        assertThat(atKill).as("the child was killed half-way (log: %s)", Files.exists(log) ? Files.readString(log) : "")
                .isGreaterThan(0).isLessThan(total + 1);
        long storedAtKill = count(prefix);
        assertThat(storedAtKill).isLessThan(total - bad);

        ImportReport r = importer.importFile(file, null);

        assertThat(r.resumedAtLine()).isEqualTo(atKill);
        assertThat(count(prefix)).isEqualTo(total - bad);
        assertThat(r.read()).as("every line read once over both runs").isEqualTo(total);
        assertThat(r.stored()).isEqualTo(total - bad);
        assertThat(r.rejected()).isEqualTo(bad);
        assertThat(jdbc.sql("select count(*) from feed_claim_superseded where claim_id like ?").param(prefix + "-%")
                .query(Long.class).single()).isZero();
    }

    private long count(String prefix) {
        return jdbc.sql("select count(*) from feed_claim where claim_id like ?").param(prefix + "-%").query(Long.class).single();
    }
}
