package health.carnet.feed.internal;

import health.carnet.crypto.DossierCrypto;
import health.carnet.dossier.InsuredRegister;
import health.carnet.feed.ClaimLine;
import health.carnet.feed.FeedSettings;
import health.carnet.feed.ImportReport;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.stereotype.Service;

/**
 * The importer (FEED-2): streams a file line by line (constant memory), parses and checks each
 * line, and writes batches of claims with PostgreSQL COPY into a staging table and one upsert,
 * each batch in one transaction with the file's checkpoint (lines and bytes done). Killed at any
 * point, a rerun of the same file resumes after the last committed batch: no duplicate, no gap;
 * and since the upsert changes a claim only when its content changed, a replayed line is a no-op.
 * Claims are sealed with their dossier's key before they leave the JVM (SEC-1); those of a person
 * without a dossier are sealed with the feed's transit key and kept aside (FEED-3).
 */
@Service
public class Importer {

    /** The data key of claims kept aside for persons without a dossier (crypto module's key table). */
    static final UUID TRANSIT_KEY = UUID.nameUUIDFromBytes("carnet-feed-transit-key".getBytes(StandardCharsets.UTF_8));
    /** The data key the claims' keyed hashes derive from (never a dossier: a claim keeps its hash when it moves in, DOS-3). */
    static final UUID HASH_KEY = UUID.nameUUIDFromBytes("carnet-feed-claim-hash-key".getBytes(StandardCharsets.UTF_8));
    /** First byte of a keyed claim hash; the SHA-256 of earlier versions had 32 bytes and no prefix. */
    static final byte KEYED_HASH_VERSION = 2;
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final int HEAD_BYTES = 1 << 20;
    private static final int MAX_REPORTED = 1000;

    private final DataSource dataSource;
    private final FeedStore store;
    private final InsuredRegister register;
    private final DossierCrypto crypto;
    private final FeedSettings settings;
    private final CodeSystems codes;
    private final Clock clock;
    private final LegacyHashes legacyHashes;
    private final RembDocuments remb;

    Importer(DataSource dataSource, FeedStore store, InsuredRegister register, DossierCrypto crypto, FeedSettings settings,
             Clock clock, LegacyHashes legacyHashes, RembDocuments remb) {
        this.legacyHashes = legacyHashes;
        this.remb = remb;
        this.dataSource = dataSource;
        this.store = store;
        this.register = register;
        this.crypto = crypto;
        this.settings = settings;
        this.clock = clock;
        this.codes = new CodeSystems(settings.codesPath());
    }

    /**
     * What a caller watching an import (the FHIR $import's job) sees and may do: how far it is,
     * and a stop between two batches (what was committed stays; a rerun resumes after it).
     */
    public interface Watcher {
        Watcher NONE = new Watcher() {
        };

        /** Asked after each committed batch. */
        default boolean cancelled() {
            return false;
        }

        /** After each committed batch: bytes done of {@code totalBytes} (-1 for a stream), lines done. */
        default void progress(long bytesDone, long totalBytes, long linesDone) {
        }
    }

    /** Thrown between two batches when the watcher asked to stop. */
    public static final class Cancelled extends RuntimeException {
        Cancelled(String name, long line) {
            super("the import of " + name + " was cancelled after line " + line);
        }
    }

    /** Imports a file, resuming where an earlier run of the same file stopped. */
    public ImportReport importFile(Path file, PrintStream terminal) throws IOException {
        return importFile(file, terminal, Watcher.NONE);
    }

    /** As {@link #importFile(Path, PrintStream)}, watched (progress, cancellation between batches). */
    public ImportReport importFile(Path file, PrintStream terminal, Watcher watcher) throws IOException {
        long size = Files.size(file);
        String key = fileKey(file, size);
        String name = file.getFileName().toString();
        FeedStore.ImportRow row;
        FeedFormat format;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            format = detect(new LineReader(in));
        } catch (FeedFormat.Refused e) {
            return ImportReport.refused(name, e.getMessage());
        }
        row = store.openImport(key, name, size, clock.instant());
        if (row.finished()) {
            return report(name, row, true, 0);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            LineReader reader = new LineReader(in);
            if (row.linesDone() > 0) {
                reader.skipTo(row.bytesDone(), row.linesDone());
            } else if (!format.firstLineIsData()) {
                reader.next();
            }
            return run(name, size, reader, format, row, terminal, null, watcher);
        }
    }

    /** Imports an uploaded stream (the insurer's API): one import per upload, idempotent by claim id. */
    public ImportReport importStream(InputStream body, String name, PrintStream terminal) throws IOException {
        LineReader reader = new LineReader(new BufferedInputStream(body));
        FeedFormat format;
        LineReader.Line first;
        try {
            first = reader.next();
            format = detectLine(first);
        } catch (FeedFormat.Refused e) {
            return ImportReport.refused(name, e.getMessage());
        }
        FeedStore.ImportRow row = store.openImport("upload:" + UUID.randomUUID(), name, -1, clock.instant());
        return run(name, -1, reader, format, row, terminal, format.firstLineIsData() ? first : null, Watcher.NONE);
    }

    /**
     * Waits until the REMB document of every dossier the imports touched is filed (FEED-4): an import
     * returns once its claims are committed and leaves the documents to a background renderer. For
     * callers answering for the whole: the feed-import command, $import's job, the insurer's upload.
     * Returns how many dossiers' documents were rendered by this call (those already rendered are not counted).
     */
    public int awaitDocuments() {
        return remb.refreshStale();
    }

    private FeedFormat detect(LineReader reader) throws IOException {
        return detectLine(reader.next());
    }

    private FeedFormat detectLine(LineReader.Line first) {
        if (first != null && first.text() == null) {
            throw new FeedFormat.Refused("The first line is not readable text (" + first.problem()
                    + "): the file must be UTF-8 CSV or NDJSON. Nothing was imported.");
        }
        return FeedFormat.detect(first == null ? null : first.text(), codes, today());
    }

    private ImportReport run(String name, long size, LineReader reader, FeedFormat format, FeedStore.ImportRow row,
                             PrintStream terminal, LineReader.Line firstData, Watcher watcher) throws IOException {
        long resumedAt = row.linesDone();
        legacyHashes.upgrade();
        Progress progress = new Progress(name, size, row.bytesDone(), terminal, watcher);
        int batchSize = Math.max(1, settings.batchSize());
        Batch batch = new Batch();
        FeedStore.FirstLoad.Guess guess = new FeedStore.FirstLoad.Guess();
        javax.crypto.Mac hasher = hasher(crypto);   // this thread's (a Mac is not thread-safe)
        // Three stages: this thread reads and checks batch N+2 while the sealer resolves batch N+1's
        // dossiers and keys (round trips: PostgreSQL works meanwhile) and seals it, and the writer COPYs and
        // commits batch N. One batch in each stage at most, committed in file order with its checkpoint: a
        // crash still resumes after the last commit. (With the look-ups in the reading thread, it waited on
        // them with nothing to do: the reading thread was the import's bottleneck.)
        Stage sealer = new Stage("feed-sealer " + name);
        Stage writer = new Stage("feed-writer " + name);
        try (Connection c = dataSource.getConnection(); writer; sealer) {
            // one importer per file at a time (the inbox and a command may meet): a session lock, gone with a crash
            if (!FeedStore.lockImport(c, row.id())) {
                throw new IllegalStateException("The file " + name + " is being imported by another process: try again later");
            }
            try {
                // the REMB renderers stand aside until this run ends (FeedStore.holdRenderLock); a batch of theirs in
                // flight is waited for. Inside the try: the finally gives both session locks back before the
                // connection returns to the pool
                FeedStore.holdRenderLock(c);
                c.setAutoCommit(false);
                FeedStore.prepare(c);
                c.commit();
                LineReader.Line line = firstData != null ? firstData : reader.next();
                long bytesBefore = firstData != null ? reader.bytesRead() - firstData.bytes() : reader.bytesRead() - (line == null ? 0 : line.bytes());
                while (line != null) {
                    long bytesAfter = bytesBefore + line.bytes();
                    FeedFormat.Parsed parsed = line.text() == null ? new FeedFormat.Rejected(line.problem()) : format.parse(line.text());
                    if (parsed instanceof FeedFormat.Claim claim && batch.ids.contains(claim.line().claimId())) {
                        // the same claim twice in one batch: store the batch so far first, so the later line wins
                        batch = flush(sealer, writer, c, batch, row, line.number() - 1, bytesBefore, progress, false, guess);
                    }
                    batch.read++;
                    if (parsed instanceof FeedFormat.Claim claim) {
                        batch.ids.add(claim.line().claimId());
                        batch.claims.add(claim.line());
                        batch.sources.add(name + ":" + line.number());
                        // the claim's bytes and keyed hash need no dossier: made here, where the sealer's look-ups
                        // and AES would otherwise wait for them
                        byte[] plain = claim.line().canonical().getBytes(StandardCharsets.UTF_8);
                        batch.plains.add(plain);
                        batch.hashes.add(keyedHash(hasher, plain));
                    } else if (parsed instanceof FeedFormat.Insured insured) {
                        batch.persons.add(insured.person());
                    } else if (parsed instanceof FeedFormat.Rejected rejected) {
                        // only the last line of a file can lack its end of line: a cut-off transfer
                        batch.rejections.add(new FeedStore.Rejection(line.number(),
                                line.terminated() ? rejected.reason() : "truncated last line (no end of line): " + rejected.reason()));
                    }
                    if (batch.size() >= batchSize) {
                        batch = flush(sealer, writer, c, batch, row, line.number(), bytesAfter, progress, false, guess);
                    }
                    bytesBefore = bytesAfter;
                    line = reader.next();
                }
                flush(sealer, writer, c, batch, row, reader.lineNumber(), reader.bytesRead(), progress, true, guess);
                sealer.drain();
                writer.drain();
            } finally {
                sealer.drainQuietly();
                writer.drainQuietly();
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                FeedStore.releaseRenderLock(c);
                FeedStore.unlockImport(c, row.id());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The import of " + name + " stopped on a database error; run it again to resume", e);
        }
        store.finish(row.id(), clock.instant());
        // fresh statistics after a bulk load (as PostgreSQL advises): the REMB rendering below reads these
        // tables by dossier, and plans made on the counts of the last autovacuum (an empty table on a
        // first load) scan them whole for each batch of dossiers
        store.analyze();
        // FEED-4: the touched dossiers' REMB documents, marked with each batch (a crash loses none), are rendered
        // in the background from now on: the claims are stored and searchable as ExplanationOfBenefit already, and
        // the caller (the next file, the inbox) goes on. Callers that answer for the whole (feed-import, $import)
        // wait with awaitDocuments()
        remb.renderSoon();
        return report(name, store.importRow(row.id()), false, resumedAt);
    }

    private final class Batch {
        final List<ClaimLine> claims = new ArrayList<>();
        final List<String> sources = new ArrayList<>();
        final List<byte[]> plains = new ArrayList<>();
        final List<byte[]> hashes = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        final List<InsuredRegister.Person> persons = new ArrayList<>();
        final List<FeedStore.Rejection> rejections = new ArrayList<>();
        long read;

        int size() {
            return claims.size() + persons.size() + rejections.size();
        }
    }

    /**
     * Hands the batch to the sealer (persons registered, NIRs resolved, keys made, claims sealed), which
     * hands it to the writer once the writer's previous batch is committed; returns a fresh batch to
     * fill meanwhile.
     */
    private Batch flush(Stage sealer, Stage writer, Connection c, Batch b, FeedStore.ImportRow row, long linesDone, long bytesDone,
                        Progress progress, boolean last, FeedStore.FirstLoad.Guess guess) throws SQLException {
        sealer.submit(() -> {
            List<FeedStore.Staged> staged = seal(b);
            List<FeedStore.Rejection> rejections = List.copyOf(b.rejections);
            long read = b.read;
            int insured = b.persons.size();
            writer.submit(() -> {
                try {
                    FeedStore.writeBatch(c, staged, rejections, row.id(), linesDone, bytesDone, read, insured, clock.instant(), guess);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
                progress.update(bytesDone, linesDone, last);
            });
        });
        return new Batch();
    }

    /** The sealer's work on one batch: its persons registered, its claims' dossiers and keys found, its claims sealed. */
    private List<FeedStore.Staged> seal(Batch b) {
        register.upsert(b.persons);
        Set<String> nirs = new HashSet<>();
        b.claims.forEach(l -> nirs.add(l.nir()));
        Map<String, UUID> dossiers = register.dossiersOf(nirs);
        List<FeedStore.Staged> staged = new ArrayList<>(b.claims.size());
        // the batch's key-less dossiers get their keys in one statement, not one fsync'd commit each
        Set<UUID> owners = new HashSet<>(dossiers.values());
        owners.add(TRANSIT_KEY);
        owners.add(HASH_KEY);
        crypto.ensureKeys(owners);
        for (int i = 0; i < b.claims.size(); i++) {
            ClaimLine l = b.claims.get(i);
            byte[] plain = b.plains.get(i);
            byte[] hash = b.hashes.get(i);
            UUID dossier = dossiers.get(l.nir());
            byte[] sealed = dossier != null ? crypto.seal(dossier, plain, aad(dossier, l.claimId()))
                    : crypto.seal(TRANSIT_KEY, plain, aad(null, l.claimId()));
            staged.add(new FeedStore.Staged(l.claimId(), dossier, l.nir(), l.serviceDate(), l.kind().name(), sealed, hash,
                    b.sources.get(i)));
        }
        return staged;
    }

    /** What a stage runs for one batch. */
    private interface Work {
        void run() throws SQLException;
    }

    /**
     * A stage (the sealer, the writer): one thread, one batch at a time, in submission order. A failure
     * (or a cancellation) surfaces in the stage before at its next hand-over or at the end, and so in the
     * reading thread; nothing after the failed batch is written.
     */
    private static final class Stage implements AutoCloseable {
        private final java.util.concurrent.ExecutorService thread;
        private java.util.concurrent.Future<?> inFlight;

        Stage(String name) {
            this.thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }

        void submit(Work work) throws SQLException {
            drain();
            inFlight = thread.submit(() -> {
                work.run();
                return null;
            });
        }

        /** Waits for the batch in flight; rethrows what stopped it. */
        void drain() throws SQLException {
            if (inFlight == null) {
                return;
            }
            java.util.concurrent.Future<?> f = inFlight;
            inFlight = null;
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("The import was interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** On the way out after a failure: the connection is rolled back only once the stages let go of it. */
        void drainQuietly() {
            try {
                drain();
            } catch (SQLException | RuntimeException ignored) {
                // the first failure is the one the caller reports
            }
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    static javax.crypto.Mac hasher(DossierCrypto crypto) {
        return crypto.keyedHasher(HASH_KEY, "feed-claim");
    }

    /**
     * The hash that tells a correction from a replay without decrypting: HMAC-SHA256 keyed from
     * the keystore, so a claim cannot be confirmed by hashing a guess (a plain SHA-256 could).
     */
    static byte[] keyedHash(javax.crypto.Mac hasher, byte[] plain) {
        byte[] mac = hasher.doFinal(plain);
        byte[] out = new byte[mac.length + 1];
        out[0] = KEYED_HASH_VERSION;
        System.arraycopy(mac, 0, out, 1, mac.length);
        return out;
    }

    /** Binds a sealed claim to its place: moved to another dossier or claim id it does not open. */
    static byte[] aad(UUID dossierId, String claimId) {
        return ((dossierId == null ? "pending" : dossierId.toString()) + "|" + claimId).getBytes(StandardCharsets.UTF_8);
    }

    private ImportReport report(String name, FeedStore.ImportRow row, boolean already, long resumedAt) {
        List<ImportReport.Rejection> rejections = store.rejections(row.id(), MAX_REPORTED).stream()
                .map(r -> new ImportReport.Rejection(r.line(), r.reason())).toList();
        return new ImportReport(name, row.read(), row.stored(), row.unchanged(), row.keptAside(), row.insured(), row.rejected(),
                rejections, null, already, resumedAt);
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), PARIS);
    }

    /** Same name, size and first MiB: the same file (a rerun resumes it; a changed file is a new import). */
    static String fileKey(Path file, long size) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(HEAD_BYTES);
            sha.update(head);
        }
        return file.getFileName() + ":" + size + ":" + HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
