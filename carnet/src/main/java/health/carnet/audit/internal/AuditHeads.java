package health.carnet.audit.internal;

import health.carnet.audit.AuditKeys;
import health.carnet.audit.AuditSettings;
import health.carnet.audit.ChainVerification;
import health.carnet.platform.CarnetSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Published chain heads (AUD-3): every few minutes one signed line is appended to
 * {@code audit-heads.log}, saying "the trail's entries up to id N fold to digest D". The digest
 * folds every entry's hash in id order, {@code D = SHA-256(D_prev | id | hash)}, so rewriting any
 * entry up to N, even every chain end to end with a valid key, changes D. Lines are signed with an
 * Ed25519 key of the audit keystore and each names the hash of the line before, so the file cannot
 * be edited either; only its copies elsewhere (a write-once store, another party) protect against
 * losing its tail. Verification streams the trail in id order once, whatever the number of lines.
 */
@Component
public class AuditHeads {

    private static final Logger log = LoggerFactory.getLogger(AuditHeads.class);
    static final String FILE = "audit-heads.log";
    static final String GENESIS = "0".repeat(64);

    /** One published head, as signed. */
    record Head(long number, long upToId, long entries, String digest, long legacyUntil, Instant at, String prevLine) {

        String payload() {
            return "carnet-audit-head v1 n=" + number + " up_to_id=" + upToId + " entries=" + entries + " digest=" + digest
                    + " legacy_until_id=" + legacyUntil + " at=" + at + " prev=" + prevLine;
        }

        static Head parse(String payload) {
            Map<String, String> f = new LinkedHashMap<>();
            String[] parts = payload.split(" ");
            if (parts.length != 9 || !"carnet-audit-head".equals(parts[0]) || !"v1".equals(parts[1])) {
                throw new IllegalArgumentException("not a head line");
            }
            for (int i = 2; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                f.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            return new Head(Long.parseLong(f.get("n")), Long.parseLong(f.get("up_to_id")), Long.parseLong(f.get("entries")),
                    f.get("digest"), Long.parseLong(f.get("legacy_until_id")), Instant.parse(f.get("at")), f.get("prev"));
        }
    }

    private final AuditRepository repository;
    private final AuditKeys keys;
    private final Path directory;
    private final Duration interval;
    private final Clock clock;
    private volatile long lastPublished = System.nanoTime();

    AuditHeads(AuditRepository repository, AuditKeys keys, AuditSettings settings, CarnetSettings carnet, Clock clock) {
        this.repository = repository;
        this.keys = keys;
        this.directory = (settings.headsDirectory() != null ? settings.headsDirectory() : carnet.home().resolve("audit-heads"))
                .toAbsolutePath();
        this.interval = settings.headsInterval();
        this.clock = clock;
    }

    public Path file() {
        return directory.resolve(FILE);
    }

    @Scheduled(fixedDelayString = "${carnet.audit.heads-poll:20s}")
    void publishWhenDue() {
        if (interval.isZero() || System.nanoTime() - lastPublished < interval.toNanos()) {
            return;
        }
        try {
            publish();
        } catch (RuntimeException e) {
            log.error("Could not publish the audit trail's head", e);
        }
    }

    /**
     * Appends a signed head covering every entry committed so far (none when nothing was appended
     * since the last head). Returns the head, or null. One publisher at a time per file.
     */
    public synchronized Head publish() {
        lastPublished = System.nanoTime();
        List<Signed> published = read();
        Head last = published.isEmpty() ? null : published.get(published.size() - 1).head();
        long from = last == null ? 0 : last.upToId();
        long upTo = repository.committedMaxId();
        if (upTo <= from) {
            return null;
        }
        String[] digest = {last == null ? GENESIS : last.digest()};
        long[] entries = {last == null ? 0 : last.entries()};
        repository.streamHashes(from, upTo, (id, hash) -> {
            digest[0] = fold(digest[0], id, hash);
            entries[0]++;
        });
        Head head = new Head(last == null ? 1 : last.number() + 1, upTo, entries[0], digest[0], repository.legacyUntilId(),
                clock.instant(), published.isEmpty() ? GENESIS : sha256(published.get(published.size() - 1).line()));
        String line = head.payload() + " sig=" + Base64.getEncoder().encodeToString(keys.sign(bytes(head.payload()))) + "\n";
        append(line);
        return head;
    }

    /**
     * Checks the signed heads and that the trail still folds to each published digest. Returns
     * null when every head matches (or none was published), else what does not.
     */
    public ChainVerification verify() {
        List<Signed> heads;
        try {
            heads = read();
        } catch (IllegalStateException e) {
            return new ChainVerification(0, -1L, e.getMessage());
        }
        if (heads.isEmpty()) {
            return null;
        }
        String prevLine = GENESIS;
        for (Signed s : heads) {
            if (!s.signatureValid()) {
                return new ChainVerification(0, s.head().upToId(), "published head n=" + s.head().number()
                        + " has no valid signature: the heads file was altered");
            }
            if (!s.head().prevLine().equals(prevLine)) {
                return new ChainVerification(0, s.head().upToId(), "published head n=" + s.head().number()
                        + " does not follow the line before it: heads were removed or reordered");
            }
            prevLine = sha256(s.line());
        }
        long legacyUntil = repository.legacyUntilId();
        if (heads.get(heads.size() - 1).head().legacyUntil() != legacyUntil) {
            return new ChainVerification(0, legacyUntil, "the database's start of the keyed chain (" + legacyUntil
                    + ") differs from the published one (" + heads.get(heads.size() - 1).head().legacyUntil() + ")");
        }
        String[] digest = {GENESIS};
        long[] entries = {0};
        int[] next = {0};
        ChainVerification[] broken = {null};
        long lastUpTo = heads.get(heads.size() - 1).head().upToId();
        repository.streamHashes(0, lastUpTo, (id, hash) -> {
            // heads whose range ended before this id are checked first (an id range may be empty)
            while (broken[0] == null && next[0] < heads.size() && heads.get(next[0]).head().upToId() < id) {
                broken[0] = check(heads.get(next[0]++).head(), digest[0], entries[0]);
            }
            digest[0] = fold(digest[0], id, hash);
            entries[0]++;
        });
        while (broken[0] == null && next[0] < heads.size()) {
            broken[0] = check(heads.get(next[0]++).head(), digest[0], entries[0]);
        }
        return broken[0];
    }

    private static ChainVerification check(Head head, String digest, long entries) {
        if (head.entries() != entries) {
            return new ChainVerification(entries, head.upToId(), "published head n=" + head.number() + " counted "
                    + head.entries() + " entries up to id " + head.upToId() + ", the trail now has " + entries
                    + ": entries were removed or inserted");
        }
        if (!head.digest().equals(digest)) {
            return new ChainVerification(entries, head.upToId(), "the trail up to id " + head.upToId()
                    + " no longer matches published head n=" + head.number() + " (" + head.at() + "): it was rewritten");
        }
        return null;
    }

    record Signed(String line, Head head, boolean signatureValid) {
    }

    private List<Signed> read() {
        Path f = file();
        if (!Files.exists(f)) {
            return List.of();
        }
        List<Signed> out = new ArrayList<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                int sig = line.lastIndexOf(" sig=");
                try {
                    String payload = line.substring(0, sig);
                    Head head = Head.parse(payload);
                    boolean valid = keys.verify(bytes(payload), Base64.getDecoder().decode(line.substring(sig + 5)));
                    out.add(new Signed(line, head, valid));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("line " + n + " of " + f + " is not a signed head: the heads file was altered");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Appends and forces the line to disk before returning: a published head is never lost by a crash. */
    private void append(String line) {
        try {
            Files.createDirectories(directory);
            Path pub = directory.resolve("audit-heads.pub");
            if (!Files.exists(pub)) {
                Files.writeString(pub, "Ed25519 public key of the heads' signatures (raw, base64): "
                        + Base64.getEncoder().encodeToString(keys.publicKey()) + "\n");
            }
            try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes(line)));
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fold(String digest, long id, String hash) {
        return sha256(digest + "|" + id + "|" + hash);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(s)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
