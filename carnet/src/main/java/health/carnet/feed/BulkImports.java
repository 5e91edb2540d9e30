package health.carnet.feed;

import health.carnet.feed.internal.BulkImportJobs;
import health.carnet.feed.internal.Importer;
import health.carnet.platform.CarnetSettings;
import health.carnet.shared.Actor;
import health.carnet.shared.ActorKind;
import health.carnet.shared.ActorRole;
import health.carnet.shared.Problem;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * FHIR Bulk Data {@code $import} for the insurer (issue #13, FEED-1): a manifest names NDJSON files
 * (Patient, ExplanationOfBenefit) of the bulk import directory; the import runs in the background,
 * one file after the other (persons first, so the claims find their register), each resumable at
 * its checkpoint. Only the insurer's system client starts, polls or cancels a job, and only its
 * own. Inputs are files of the directory ({@code file:} URL inside it, or a name relative to it):
 * Carnet never fetches anything from the network on a client's word.
 */
@Service
public class BulkImports {

    /** One input of the manifest: a resource type and where its NDJSON lies. */
    public record Input(String type, String url) {
    }

    /** What one input gave. */
    public record Result(String type, String url, ImportReport report) {
    }

    /**
     * A job as its poll sees it: {@code status} accepted, in-progress, completed, failed or cancelled;
     * {@code progress} where it is; {@code results} once finished; {@code error} why it failed.
     */
    public record Job(UUID id, String status, Instant requestedAt, Instant finishedAt, String progress, List<Result> results,
                      String error) {

        public boolean running() {
            return status.equals("accepted") || status.equals("in-progress");
        }
    }

    static final Set<String> TYPES = Set.of("Patient", "ExplanationOfBenefit");
    static final Set<String> FORMATS = Set.of("application/fhir+ndjson", "application/ndjson", "ndjson");
    private static final int MAX_INPUTS = 100;
    /** No sign of life from a running job for this long: its runner is gone (crash, restart), another run takes it over. */
    private static final Duration SILENT = Duration.ofMinutes(3);
    /** How often a running job says it is alive, whatever its progress: well within {@link #SILENT}. */
    private static final Duration ALIVE = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(BulkImports.class);

    private final BulkImportJobs jobs;
    private final Importer importer;
    private final Path directory;
    private final Clock clock;
    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();
    // one job at a time: the files of a job, and the jobs, follow each other (the database's fsync is the bound anyway)
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "feed-bulk-import");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.ScheduledExecutorService alive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "feed-bulk-import-alive");
        t.setDaemon(true);
        return t;
    });

    BulkImports(BulkImportJobs jobs, Importer importer, FeedSettings settings, CarnetSettings carnet, Clock clock) {
        this.jobs = jobs;
        this.importer = importer;
        this.clock = clock;
        this.directory = settings.bulkPath(carnet.home());
    }

    /** The directory $import reads its inputs from. */
    public Path directory() {
        return directory;
    }

    /** Checks and records the request, starts it in the background; returns the job's id. */
    public UUID start(Actor actor, String inputFormat, List<Input> inputs) {
        requireInsurer(actor);
        if (inputFormat != null && !FORMATS.contains(inputFormat.toLowerCase(Locale.ROOT))) {
            throw Problem.invalid("inputFormat '" + inputFormat + "' is not supported: application/fhir+ndjson only.");
        }
        if (inputs.isEmpty()) {
            throw Problem.invalid("The manifest names no input (parameter 'input' with parts 'type' and 'url').");
        }
        if (inputs.size() > MAX_INPUTS) {
            throw Problem.invalid("At most " + MAX_INPUTS + " inputs per $import.");
        }
        List<Input> ordered = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (Input in : inputs) {
            if (in.type() == null || !TYPES.contains(in.type())) {
                throw Problem.invalid("Input type '" + in.type() + "' is not imported here: Patient or ExplanationOfBenefit.");
            }
            paths.add(resolve(in.url()));
            ordered.add(in);
        }
        // the register first: claims of a person sent in the same job then find them
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> ordered.get(i).type().equals("Patient") ? 0 : 1));
        List<Input> sortedInputs = order.stream().map(ordered::get).toList();
        List<Path> sortedPaths = order.stream().map(paths::get).toList();
        UUID id = UUID.randomUUID();
        jobs.insert(id, actor.id(), clock.instant(), sortedInputs.stream().map(i -> new BulkImportJobs.Input(i.type(), i.url())).toList());
        runner.submit(() -> run(id, sortedInputs, sortedPaths));
        return id;
    }

    /** The job, if it is this insurer's. */
    public Optional<Job> find(Actor actor, UUID id) {
        requireInsurer(actor);
        return jobs.find(id, actor.id()).map(this::interrupted);
    }

    /** Asks a running job to stop after its current batch; false when there is no such job of this insurer. */
    public boolean cancel(Actor actor, UUID id) {
        requireInsurer(actor);
        if (jobs.find(id, actor.id()).isEmpty()) {
            return false;
        }
        cancelled.add(id);
        jobs.cancel(id, clock.instant());
        return true;
    }

    private Job interrupted(BulkImportJobs.Row row) {
        boolean silent = row.running() && row.heartbeatAt() != null && row.heartbeatAt().plus(SILENT).isBefore(clock.instant());
        if (silent) {
            // not a failure: resumeSilent takes it over within a minute, each file from its checkpoint
            return new Job(row.id(), "in-progress", row.requestedAt(), null, "interrupted (server restart), resuming"
                    + (row.progress() == null ? "" : " after " + row.progress()), List.of(), null);
        }
        return new Job(row.id(), row.status(), row.requestedAt(), row.finishedAt(), row.progress(),
                row.results() == null ? List.of() : row.results(), row.error());
    }

    private static void requireInsurer(Actor actor) {
        if (actor == null || actor.kind() != ActorKind.SYSTEM || actor.role() != ActorRole.INSURER) {
            throw Problem.forbidden("Only the insurer's system client imports care history (FEED-1).");
        }
    }

    /** A file of the bulk directory, named by a {@code file:} URL inside it or a relative name: nothing else. */
    Path resolve(String url) {
        if (url == null || url.isBlank()) {
            throw Problem.invalid("An input has no url.");
        }
        if (directory == null) {
            throw Problem.invalid("No bulk import directory is configured (carnet.feed.bulk-dir).");
        }
        Path candidate;
        try {
            URI uri = new URI(url.trim());
            if (uri.getScheme() == null) {
                candidate = directory.resolve(uri.getPath());
            } else if (uri.getScheme().equalsIgnoreCase("file") && uri.getAuthority() == null) {
                candidate = Path.of(uri);
            } else {
                throw Problem.invalid("Input url '" + url + "': Carnet reads inputs only from its bulk import directory (a file: URL"
                        + " inside it, or a file name); it fetches nothing from the network.");
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            if (e instanceof Problem p) {
                throw p;
            }
            throw Problem.invalid("Input url '" + url + "' is not a URL.");
        }
        Path base;
        Path real;
        try {
            base = directory.toRealPath();
            real = candidate.toAbsolutePath().normalize().toRealPath();
        } catch (IOException e) {
            throw Problem.invalid("Input url '" + url + "': no such file in the bulk import directory.");
        }
        if (!real.startsWith(base) || !Files.isRegularFile(real)) {
            throw Problem.invalid("Input url '" + url + "': not a file of the bulk import directory.");
        }
        return real;
    }

    /**
     * Resumes the jobs whose server stopped while they ran (a restart, a crash, another node gone):
     * each file goes on from its last committed batch (the importer's checkpoint), so nothing is
     * stored twice and nothing is skipped; the insurer's polls see the job go on, not fail.
     */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "${carnet.feed.bulk-resume-check:60s}",
            initialDelayString = "${carnet.feed.bulk-resume-check:60s}")
    void resumeSilent() {
        Instant now = clock.instant();
        for (BulkImportJobs.Orphan orphan : jobs.takeOverSilent(now, now.minus(SILENT))) {
            List<Input> inputs = orphan.inputs().stream().map(i -> new Input(i.type(), i.url())).toList();
            List<Path> paths = new ArrayList<>();
            try {
                inputs.forEach(i -> paths.add(resolve(i.url())));
            } catch (Problem gone) {
                jobs.finish(orphan.id(), "failed", now, List.of(), "The import could not resume: " + gone.getMessage());
                continue;
            }
            log.info("feed $import {}: resumed after its server stopped", orphan.id());
            runner.submit(() -> run(orphan.id(), inputs, paths));
        }
    }

    private void run(UUID id, List<Input> inputs, List<Path> paths) {
        List<Result> results = new ArrayList<>();
        java.util.concurrent.ScheduledFuture<?> beat = alive.scheduleAtFixedRate(() -> {
            try {
                jobs.touch(id, clock.instant());
            } catch (RuntimeException e) {
                log.warn("feed $import {}: heartbeat not written: {}", id, e.getMessage());
            }
        }, ALIVE.toSeconds(), ALIVE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        try {
            jobs.started(id, clock.instant(), "0/" + inputs.size() + " files");
            for (int i = 0; i < inputs.size(); i++) {
                if (cancelled.contains(id)) {
                    return;
                }
                Input in = inputs.get(i);
                ImportReport report = ndjson(paths.get(i)) ? importer.importFile(paths.get(i), null, watcher(id, i, inputs.size(), in))
                        : ImportReport.refused(paths.get(i).getFileName().toString(), "not NDJSON: the first line is not a FHIR resource");
                results.add(new Result(in.type(), in.url(), report));
            }
            // "completed" stands for the whole: the REMB documents of the touched dossiers are filed too (FEED-4)
            importer.awaitDocuments();
            jobs.finish(id, "completed", clock.instant(), results, null);
        } catch (Importer.Cancelled e) {
            log.info("feed $import {}: {}", id, e.getMessage());
        } catch (Exception e) {
            log.warn("feed $import {} failed: {}", id, e.getMessage());
            jobs.finish(id, "failed", clock.instant(), results, "The import stopped on an error (" + e.getClass().getSimpleName()
                    + "). Post the same $import again: each file resumes where it stopped.");
        } finally {
            beat.cancel(false);
            cancelled.remove(id);
        }
    }

    private static boolean ndjson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8);
            String s = new String(head, StandardCharsets.UTF_8).stripLeading();
            return s.startsWith("{") || s.startsWith("\uFEFF{");
        }
    }

    private Importer.Watcher watcher(UUID id, int index, int count, Input in) {
        return new Importer.Watcher() {
            private long last;

            @Override
            public boolean cancelled() {
                return cancelled.contains(id);
            }

            @Override
            public void progress(long bytesDone, long totalBytes, long linesDone) {
                long now = System.nanoTime();
                if (now - last < 2_000_000_000L) {
                    return;
                }
                last = now;
                int percent = totalBytes > 0 ? (int) Math.min(100, bytesDone * 100 / totalBytes) : 0;
                jobs.heartbeat(id, clock.instant(), "file %d/%d (%s), %d%%, %d lines".formatted(index + 1, count, in.type(), percent,
                        linesDone));
            }
        };
    }

    @PreDestroy
    void stop() {
        alive.shutdownNow();
        runner.shutdownNow();
    }
}
