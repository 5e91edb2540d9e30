package health.carnet.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carnet's default database: a real PostgreSQL started by Carnet itself, its data kept in a
 * persistent directory. One instance per data directory and JVM, so that the test contexts share
 * one server and a restart of the application context reuses it.
 */
public final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Map<Path, EmbeddedDatabase> RUNNING = new ConcurrentHashMap<>();

    private final Path dataDirectory;
    private final EmbeddedPostgres postgres;
    private final int attachedPort;

    private EmbeddedDatabase(Path dataDirectory, EmbeddedPostgres postgres, int attachedPort) {
        this.dataDirectory = dataDirectory;
        this.postgres = postgres;
        this.attachedPort = attachedPort;
    }

    /** Starts (or returns the already running) server for this directory. */
    public static EmbeddedDatabase start(Path dataDirectory, boolean durable, int port, boolean clean) {
        return start(dataDirectory, durable, port, clean, "256MB");
    }

    public static EmbeddedDatabase start(Path dataDirectory, boolean durable, int port, boolean clean, String sharedBuffers) {
        if (!sharedBuffers.matches("\\d+\\s*(kB|MB|GB)?")) {
            throw new IllegalArgumentException("carnet.database.shared-buffers is a size such as 256MB or 4GB; got '" + sharedBuffers + "'.");
        }
        Path dir = dataDirectory.toAbsolutePath().normalize();
        return RUNNING.computeIfAbsent(dir, d -> launch(d, durable, port, clean, sharedBuffers));
    }

    private static EmbeddedDatabase launch(Path dir, boolean durable, int port, boolean clean, String sharedBuffers) {
        try {
            if (clean) {
                deleteTree(dir);
            }
            Files.createDirectories(dir);
            Path binaries = dir.resolveSibling("postgres-binaries");
            Files.createDirectories(binaries);
            int live = livePort(dir);
            if (live > 0) {
                // an operator command beside the running server: use its database, do not start another
                log.info("A running Carnet owns {}: attaching to its PostgreSQL on port {}", dir, live);
                return new EmbeddedDatabase(dir, null, live);
            }
            recoverFromCrash(dir);
            long started = System.nanoTime();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // a durable default: the embedded library's own defaults are for throwaway tests
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", sharedBuffers.replace(" ", ""))
                    // fewer checkpoints, so fewer full-page images in the WAL of a write-heavy hour
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    .setServerConfig("timezone", "UTC");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            log.info("Embedded PostgreSQL ready on port {} with data in {} (durable={}) in {} ms",
                    pg.getPort(), dir, durable, (System.nanoTime() - started) / 1_000_000);
            EmbeddedDatabase db = new EmbeddedDatabase(dir, pg, 0);
            Files.writeString(ownerFile(dir), Long.toString(ProcessHandle.current().pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(db::stop, "embedded-postgres-stop"));
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    /**
     * After a JVM crash the postmaster it started keeps running (orphaned) and holds the data
     * directory; or the process is gone and a stale postmaster.pid is left. Either way the next
     * start would wait and fail, so stop the orphan cleanly, or remove the stale lock file.
     */
    static void recoverFromCrash(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid = lines.isEmpty() ? -1 : parsePid(lines.get(0));
        Optional<ProcessHandle> orphan = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (orphan.isPresent() && orphan.get().isAlive() && isPostgres(orphan.get())) {
            log.warn("An orphaned PostgreSQL (pid {}) from a previous run holds {}: stopping it", pid, dir);
            // SIGINT = PostgreSQL's fast shutdown: ends sessions, writes a checkpoint
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
                orphan.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("Fast shutdown of pid {} did not finish, killing it", pid);
                orphan.get().destroyForcibly();
            }
        }
        if (Files.deleteIfExists(pidFile)) {
            log.warn("Removed the stale lock {} left by a crash; PostgreSQL replays its WAL on start", pidFile);
        }
    }

    private static Path ownerFile(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".owner");
    }

    /** The port of a server another live JVM started on this directory, or 0. */
    static int livePort(Path dir) throws IOException {
        Path owner = ownerFile(dir);
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(owner) || !Files.exists(pidFile)) {
            return 0;
        }
        long ownerPid = parsePid(Files.readString(owner));
        boolean alive = ownerPid > 0 && ownerPid != ProcessHandle.current().pid()
                && ProcessHandle.of(ownerPid).map(h -> h.isAlive() && h.info().command().map(c -> c.contains("java")).orElse(true))
                .orElse(false);
        if (!alive) {
            return 0;
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.size() > 3 ? Integer.parseInt(lines.get(3).trim()) : 0;
    }

    private static boolean isPostgres(ProcessHandle handle) {
        return handle.info().command().map(c -> c.contains("postgres")).orElse(true);
    }

    private static long parsePid(String line) {
        try {
            return Long.parseLong(line.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String jdbcUrl() {
        return postgres != null ? postgres.getJdbcUrl("postgres", "postgres")
                : "jdbc:postgresql://localhost:" + attachedPort + "/postgres?user=postgres";
    }

    public int port() {
        return postgres != null ? postgres.getPort() : attachedPort;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    private void stop() {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Starts the server alone, for the crash-recovery test and for operators poking at the data. */
    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = start(Path.of(args[0]), true, 0, false);
        System.out.println("READY " + db.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
