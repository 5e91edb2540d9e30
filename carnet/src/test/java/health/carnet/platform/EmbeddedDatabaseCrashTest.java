package health.carnet.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default run survives a crash: a JVM that started the embedded PostgreSQL is killed (SIGKILL),
 * leaving an orphaned postmaster and its postmaster.pid; the next start recovers by itself, with
 * the committed data intact.
 */
class EmbeddedDatabaseCrashTest {

    @Test
    void restartsAfterTheJvmWasKilledAndKeepsCommittedData(@TempDir Path tmp) throws Exception {
        Path dir = Path.of("target", "crash-test-" + System.nanoTime(), "postgres").toAbsolutePath();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedDatabase.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        int port = awaitReady(child);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "")) {
            c.createStatement().execute("create table survivor (v text); insert into survivor values ('committed')");
        }
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(Files.exists(dir.resolve("postmaster.pid"))).as("the crash leaves the lock file").isTrue();

        EmbeddedDatabase again = EmbeddedDatabase.start(dir, true, 0, false);
        try (Connection c = DriverManager.getConnection(again.jdbcUrl());
             ResultSet rs = c.createStatement().executeQuery("select v from survivor")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("committed");
        }
    }

    private static int awaitReady(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
        long deadline = System.currentTimeMillis() + 120_000;
        String line;
        while (System.currentTimeMillis() < deadline && (line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                int port = Integer.parseInt(line.substring(6).trim());
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the child's pipe from filling up
                        }
                    } catch (Exception ignored) {
                        // the child was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return port;
            }
        }
        throw new IllegalStateException("the child never reported READY");
    }
}
