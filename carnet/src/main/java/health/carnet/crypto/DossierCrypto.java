package health.carnet.crypto;

import health.carnet.crypto.internal.KeyRepository;
import health.carnet.dossier.DossierLifecycle;
import health.carnet.dossier.DossierLifecycleEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seals and opens a dossier's data (SEC-1). The data key is made on first use, wrapped by the key
 * of the dossier's group (held in the keystore, outside the database); unwrapped keys are cached in
 * memory (bounded, short-lived) since every read needs one. When a dossier is destroyed its key row
 * is deleted in the same transaction (SEC-2) and its group is re-keyed: every other key of the group
 * moves under a new version of the group key, and the old version is destroyed a grace period later,
 * so the destroyed dossier's row in an older backup can no longer be unwrapped (issue #9).
 */
@Service
public class DossierCrypto {

    private static final long CACHE_TTL_NANOS = 10L * 60 * 1_000_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String EPOCH_PREFIX = "epoch-";
    static final String GROUP_PREFIX = "group-";

    private record Cached(byte[] key, long at) {
    }

    private final KeyRepository keys;
    private final MasterKeys master;
    private final int groups;
    private final java.time.Duration rekeyGrace;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final java.time.Clock clock;
    /** Lock-free reads: sixteen request threads shared one lock on the former access-ordered map. */
    private final ConcurrentHashMap<UUID, Cached> cache = new ConcurrentHashMap<>();
    /** Insertion order for first-in first-out eviction in O(1): slot i holds the i-th key cached. */
    private final UUID[] ring;
    private final AtomicLong inserted = new AtomicLong();

    /**
     * @param cacheSize unwrapped keys kept in memory (~150 bytes each, 10 minutes at most): a miss
     *                  costs a query and an unwrap on every read of a dossier not read lately
     */
    DossierCrypto(KeyRepository keys, MasterKeys master,
                  @org.springframework.beans.factory.annotation.Value("${carnet.crypto.key-cache-size:1000000}") int cacheSize,
                  @org.springframework.beans.factory.annotation.Value("${carnet.crypto.key-groups:64}") int groups,
                  @org.springframework.beans.factory.annotation.Value("${carnet.crypto.rekey-grace:60s}") java.time.Duration rekeyGrace,
                  org.springframework.transaction.support.TransactionTemplate tx, java.time.Clock clock) {
        this.keys = keys;
        this.master = master;
        this.ring = new UUID[Math.max(1, cacheSize)];
        if (groups < 1) {
            throw new IllegalArgumentException("carnet.crypto.key-groups must be at least 1");
        }
        this.groups = groups;
        this.rekeyGrace = rekeyGrace;
        this.tx = tx;
        this.clock = clock;
    }

    public byte[] seal(UUID dossierId, byte[] plain, byte[] aad) {
        return Aead.seal(keyFor(dossierId, true), plain, aad);
    }

    public byte[] open(UUID dossierId, byte[] sealed, byte[] aad) {
        return Aead.open(keyFor(dossierId, false), sealed, aad);
    }

    /**
     * Makes sure each of these dossiers has its data key (still one key per dossier), creating the
     * missing ones in one statement and caching them all: a caller about to seal for thousands of
     * dossiers (the feed's first import) pays one commit instead of one fsync'd commit per dossier.
     */
    public void ensureKeys(java.util.Collection<UUID> dossierIds) {
        long now = System.nanoTime();
        List<UUID> wanted = new ArrayList<>();
        for (UUID id : new java.util.HashSet<>(dossierIds)) {
            Cached c = cache.get(id);
            if (c == null || now - c.at() >= CACHE_TTL_NANOS) {
                wanted.add(id);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        java.util.Map<UUID, KeyRepository.Row> found = new java.util.HashMap<>();
        keys.findAll(wanted).forEach(r -> found.put(r.dossierId(), r));
        List<KeyRepository.Row> fresh = new ArrayList<>();
        java.util.Map<UUID, byte[]> plainOfFresh = new java.util.HashMap<>();
        java.util.Map<Integer, Integer> versions = keys.groupVersions();
        for (UUID id : wanted) {
            if (!found.containsKey(id)) {
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                int g = groupOf(id);
                MasterKeys.Wrapped w = master.wrapWith(groupKey(g, versions.getOrDefault(g, 1)), key);
                fresh.add(new KeyRepository.Row(id, w.bytes(), w.keyId()));
                plainOfFresh.put(id, key);
            }
        }
        if (!fresh.isEmpty()) {
            java.util.Set<UUID> ours = keys.insertAllIfAbsent(fresh);
            List<UUID> lost = new ArrayList<>();
            plainOfFresh.forEach((id, key) -> {
                if (ours.contains(id)) {
                    // stored as we made it: the key in hand is the one stored (no read-back, no unwrap); the cache keeps it
                    remember(id, key, now);
                } else {
                    java.util.Arrays.fill(key, (byte) 0);
                    lost.add(id);
                }
            });
            // a concurrent creator won the others: read back what is stored, never trust our copy
            if (!lost.isEmpty()) {
                keys.findAll(lost).forEach(r -> found.put(r.dossierId(), r));
            }
        }
        for (KeyRepository.Row row : found.values()) {
            remember(row.dossierId(), master.unwrap(row.masterKeyId(), row.wrapped()), now);
        }
    }

    /**
     * An HMAC-SHA256 ready to hash values under a key derived from the data key of
     * {@code keyOwner} (created when missing, wrapped by the master key like any data key, so it
     * lives only in the keystore's reach): whoever reads the database alone cannot confirm a
     * guessed value against such a hash. Not thread-safe: one per caller and batch.
     */
    public javax.crypto.Mac keyedHasher(UUID keyOwner, String purpose) {
        try {
            javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(keyFor(keyOwner, true).getEncoded(), "HmacSHA256"));
            byte[] macKey = derive.doFinal(("keyed-hash:" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            return mac;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean hasKey(UUID dossierId) {
        return keys.find(dossierId).isPresent();
    }

    // --- per-document keys (DOS-6: deleting one document shreds it) ----------------------------------

    /**
     * Seals a document's content with a fresh key of its own, wrapped by the dossier key and stored
     * in the caller's transaction: {@link #shredDocument} then destroys exactly this document.
     */
    public byte[] sealDocument(UUID dossierId, UUID documentId, byte[] plain, byte[] aad) {
        DocumentSeal seal = sealDocumentDetached(dossierId, documentId, plain, aad);
        storeDocumentKey(dossierId, seal);
        return seal.sealed();
    }

    /** A document sealed with a fresh key of its own, the key wrapped by the dossier key and not yet stored. */
    public record DocumentSeal(UUID documentId, byte[] wrappedKey, byte[] sealed) {
    }

    /**
     * As {@link #sealDocument}, the key kept aside: a body bound for an object store is sealed and
     * uploaded before the transaction that stores its key and metadata (issue #15); the store never
     * sees plaintext, and without {@link #storeDocumentKey} the upload opens with nothing. Sealed in
     * segments ({@link StreamingAead}), as every body since issue #15.
     */
    public DocumentSeal sealDocumentDetached(UUID dossierId, UUID documentId, byte[] plain, byte[] aad) {
        DocumentSealer sealer = documentSealer(dossierId, documentId, aad);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) sealer.sealedLength(plain.length)) {
            @Override
            public byte[] toByteArray() {
                // sized exactly: the buffer itself, not a copy of it
                return count == buf.length ? buf : super.toByteArray();
            }
        };
        try {
            sealer.seal(new java.io.ByteArrayInputStream(plain), out);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
        return new DocumentSeal(documentId, sealer.wrappedKey, out.toByteArray());
    }

    /**
     * As sealed from 2026-11 until issue #15 (format version 2, one AES-GCM over the whole body): only
     * the tests use it, to prove that such bodies still open.
     */
    DocumentSeal sealDocumentWhole(UUID dossierId, UUID documentId, byte[] plain, byte[] aad) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        byte[] wrapped = Aead.seal(keyFor(dossierId, true), fresh, documentKeyAad(documentId));
        byte[] sealed = Aead.seal(new SecretKeySpec(fresh, "AES"), plain, aad, Aead.DOCUMENT_KEY_VERSION);
        java.util.Arrays.fill(fresh, (byte) 0);
        return new DocumentSeal(documentId, wrapped, sealed);
    }

    /**
     * A document's body sealed as a stream with a fresh key of its own (issue #15), wrapped by the
     * dossier key: the caller pipes the plaintext through {@link #seal} to wherever the sealed bytes go
     * (an object store's parts) without ever holding the whole sealed body, then stores
     * {@link #keyOnly()} with the metadata ({@link #storeDocumentKey}).
     */
    public DocumentSealer documentSealer(UUID dossierId, UUID documentId, byte[] aad) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        byte[] wrapped = Aead.seal(keyFor(dossierId, true), fresh, documentKeyAad(documentId));
        DocumentSealer sealer = new DocumentSealer(documentId, wrapped, new SecretKeySpec(fresh, "AES"), aad);
        java.util.Arrays.fill(fresh, (byte) 0);
        return sealer;
    }

    /** See {@link #documentSealer}; one body, one key. */
    public static final class DocumentSealer {
        private final UUID documentId;
        private final byte[] wrappedKey;
        private final SecretKey key;
        private final byte[] aad;

        private DocumentSealer(UUID documentId, byte[] wrappedKey, SecretKey key, byte[] aad) {
            this.documentId = documentId;
            this.wrappedKey = wrappedKey;
            this.key = key;
            this.aad = aad;
        }

        /** The size of the sealed body for a plaintext of this size (objects are uploaded with their length). */
        public long sealedLength(long plainLength) {
            return StreamingAead.sealedLength(plainLength);
        }

        /** Seals all of {@code plain} into {@code out} (left open); memory is a segment or two. */
        public void seal(java.io.InputStream plain, java.io.OutputStream out) throws java.io.IOException {
            StreamingAead.seal(key, aad, plain, out);
        }

        /** What the metadata transaction stores: the wrapped key (the sealed bytes went elsewhere). */
        public DocumentSeal keyOnly() {
            return new DocumentSeal(documentId, wrappedKey, null);
        }
    }

    /** Stores the key of a {@link #sealDocumentDetached} seal in the caller's transaction (with the document's metadata). */
    public void storeDocumentKey(UUID dossierId, DocumentSeal seal) {
        keys.insertDocumentKey(seal.documentId(), dossierId, seal.wrappedKey());
    }

    /** As {@link #storeDocumentKey} for many seals, {@code dossierIds.get(i)} owning {@code seals.get(i)}: one statement. */
    public void storeDocumentKeys(List<UUID> dossierIds, List<DocumentSeal> seals) {
        keys.insertDocumentKeys(seals.stream().map(DocumentSeal::documentId).toList(), dossierIds,
                seals.stream().map(DocumentSeal::wrappedKey).toList());
    }

    /**
     * Opens what {@link #sealDocument} sealed; content sealed before per-document keys (format
     * version 1) opens with the dossier key as it always did, content sealed whole (version 2) with
     * its document key, segmented content (version 3, issue #15) segment by segment.
     * @throws KeyDestroyedException when the document (or its dossier) was shredded
     */
    public byte[] openDocument(UUID dossierId, UUID documentId, byte[] sealed, byte[] aad) {
        int version = Aead.version(sealed);
        if (version != Aead.DOCUMENT_KEY_VERSION && version != Aead.STREAM_VERSION) {
            return open(dossierId, sealed, aad);
        }
        SecretKey key = documentKey(dossierId, documentId);
        if (version == Aead.DOCUMENT_KEY_VERSION) {
            return Aead.open(key, sealed, aad, Aead.DOCUMENT_KEY_VERSION);
        }
        try (java.io.InputStream in = StreamingAead.opening(key, aad, new java.io.ByteArrayInputStream(sealed))) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Decryption failed: wrong key or altered data", e);
        }
    }

    /**
     * The plaintext of a document read from {@code sealed} as it comes (issue #15): a segmented body
     * is opened a segment at a time (a segment that does not authenticate throws
     * {@link StreamingAead.BrokenSegmentException} from {@code read}); a body of an older format is
     * read whole and opened as before. The key is looked up now: a shredded document throws
     * {@link KeyDestroyedException} here, before anything is read.
     */
    public java.io.InputStream openDocumentStream(UUID dossierId, UUID documentId, java.io.InputStream sealed, byte[] aad)
            throws java.io.IOException {
        java.io.PushbackInputStream in = new java.io.PushbackInputStream(sealed, 1);
        int version = in.read();
        if (version >= 0) {
            in.unread(version);
        }
        if (version != Aead.STREAM_VERSION) {
            try {
                return new java.io.ByteArrayInputStream(openDocument(dossierId, documentId, in.readAllBytes(), aad));
            } catch (KeyDestroyedException e) {
                throw e;
            } catch (IllegalStateException e) {
                throw new StreamingAead.BrokenSegmentException("Decryption failed: wrong key or altered data");
            } finally {
                in.close();
            }
        }
        return StreamingAead.opening(documentKey(dossierId, documentId), aad, in);
    }

    private SecretKey documentKey(UUID dossierId, UUID documentId) {
        byte[] wrapped = keys.documentKey(documentId, dossierId).orElseThrow(() -> new KeyDestroyedException(dossierId));
        byte[] documentKey = Aead.open(keyFor(dossierId, false), wrapped, documentKeyAad(documentId));
        SecretKey key = new SecretKeySpec(documentKey, "AES");
        java.util.Arrays.fill(documentKey, (byte) 0);
        return key;
    }

    /** Crypto-shredding of one document: its key goes, in the caller's transaction; any copy of its content stays sealed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean shredDocument(UUID dossierId, UUID documentId) {
        return keys.deleteDocumentKey(dossierId, documentId) > 0;
    }

    private static byte[] documentKeyAad(UUID documentId) {
        return ("document-key:" + documentId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    // --- the lifecycle: retention-period keys and destruction (SEC-2) ---------------------------------

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(DossierLifecycleEvent event) {
        switch (event.type()) {
            case DESTROYED -> {
                keys.find(event.dossierId()).ifPresent(row -> {
                    if (row.masterKeyId().startsWith(GROUP_PREFIX)) {
                        keys.requestRekey(groupOf(event.dossierId()), clock.instant());
                    } else if (row.masterKeyId().startsWith(EPOCH_PREFIX)) {
                        // closed, destroyed on request before its archive ends: the month's key is re-keyed too
                        keys.requestEpochRekey(epochBase(row.masterKeyId()), clock.instant());
                    }
                });
                keys.deleteDocumentKeys(event.dossierId());
                keys.delete(event.dossierId());
                cache.remove(event.dossierId());
            }
            // archived: the key moves under the key of the month the archive ends, destroyed with that month's dossiers
            case CLOSED -> rewrap(event.dossierId(), epochKey(epochOf(LocalDate.ofInstant(event.at(), ZoneOffset.UTC))));
            case REOPENED -> rewrap(event.dossierId(), null);
            default -> {
            }
        }
    }

    /** The retention-period key of a dossier closed on {@code closedOn}: the month its 10-year archive ends (DOS-5). */
    public static String epochOf(LocalDate closedOn) {
        return EPOCH_PREFIX + YearMonth.from(DossierLifecycle.destroyAfter(closedOn));
    }

    private void rewrap(UUID dossierId, String epoch) {
        keys.find(dossierId).ifPresent(row -> {
            byte[] plain = master.unwrap(row.masterKeyId(), row.wrapped());
            MasterKeys.Wrapped w = epoch == null ? wrapActive(dossierId, plain) : master.wrapWith(epoch, plain);
            keys.rewrap(dossierId, row.masterKeyId(), w.keyId(), w.bytes());
        });
    }

    /**
     * Destroys the keys of retention periods that ended before {@code today}'s month and wrap no
     * dossier key any more (the retention job destroyed their dossiers): from then on, a backup
     * taken before those destructions holds nothing that can be unwrapped. Returns the keys destroyed.
     */
    public List<String> destroyEndedEpochs(LocalDate today) {
        String current = EPOCH_PREFIX + YearMonth.from(today);
        List<String> destroyed = new ArrayList<>();
        for (String id : master.keyIds()) {
            if (id.startsWith(EPOCH_PREFIX) && id.compareTo(current) < 0 && keys.countWrappedWith(id) == 0) {
                master.destroy(id);
                destroyed.add(id);
            }
        }
        return destroyed;
    }

    /**
     * Destroys the master keys older than the current one that wrap no dossier key any more (run
     * after a rotation, once the backups that need them have expired): a dossier destroyed on
     * request is then unreadable from those backups too. Returns the keys destroyed.
     */
    public List<String> retireOldMasterKeys() {
        String current = master.currentKeyId();
        List<String> retired = new ArrayList<>(destroyRetiredGroupKeys(clock.instant()));
        for (String id : master.keyIds()) {
            if (id.startsWith("master-") && !id.equals(current) && keys.countWrappedWith(id) == 0) {
                master.destroy(id);
                retired.add(id);
            }
        }
        return retired;
    }

    /**
     * The rotation of every key-encryption key, beside live traffic: the keys still under a master
     * key (made before groups) move into their group, then every group is re-keyed (its old version
     * retired, destroyed after the grace period). Returns how many data keys were re-wrapped.
     */
    public int rewrapAll() {
        int total = 0;
        while (true) {
            var batch = keys.wrappedWithMasterKeys(500);
            if (batch.isEmpty()) {
                break;
            }
            for (KeyRepository.Row row : batch) {
                byte[] plain = master.unwrap(row.masterKeyId(), row.wrapped());
                MasterKeys.Wrapped w = wrapActive(row.dossierId(), plain);
                keys.rewrap(row.dossierId(), row.masterKeyId(), w.keyId(), w.bytes());
                total++;
            }
        }
        for (int g = 0; g < groups; g++) {
            total += rekey(g);
        }
        return total;
    }

    // --- group keys: a destruction on request reaches the backups at once (issue #9, DOS-6) --------------

    /** The group of a dossier's key: a stable function of its id, so every instance agrees. */
    public int groupOf(UUID dossierId) {
        return Math.floorMod(dossierId.getMostSignificantBits() ^ dossierId.getLeastSignificantBits(), groups);
    }

    static String groupKey(int group, int version) {
        return GROUP_PREFIX + group + "-v" + version;
    }

    private MasterKeys.Wrapped wrapActive(UUID dossierId, byte[] plain) {
        int g = groupOf(dossierId);
        return master.wrapWith(groupKey(g, keys.groupVersion(g)), plain);
    }

    /** Re-keys the groups and retention periods a destruction asked for; returns how many data keys were re-wrapped. */
    public int rekeyRequestedGroups() {
        int total = 0;
        for (int g : keys.groupsToRekey()) {
            total += rekey(g);
        }
        for (String epoch : keys.epochsToRekey()) {
            total += rekeyEpoch(epoch);
        }
        return total;
    }

    /** The current key of a retention period: version 1 is the bare {@code epoch-YYYY-MM} (keys made before versions). */
    private String epochKey(String epoch) {
        int v = keys.epochVersion(epoch);
        return v == 1 ? epoch : epoch + "-v" + v;
    }

    /** {@code epoch-YYYY-MM} of any version of its key. */
    static String epochBase(String keyId) {
        int v = keyId.indexOf("-v");
        return v < 0 ? keyId : keyId.substring(0, v);
    }

    /** As {@link #rekey(int)}, for the keys of one retention period. */
    private int rekeyEpoch(String epoch) {
        return rekeyFamily(epoch, () -> epoch + "-v" + keys.nextEpochVersion(epoch), id -> epochBase(id).equals(epoch));
    }

    /**
     * One group: in one transaction, the group's row locked and moved to a new version, every key of
     * the group re-wrapped under it, the older versions retired. The plaintext data keys do not
     * change, so nothing sealed is touched and the cache stays valid.
     */
    private int rekey(int group) {
        String prefix = GROUP_PREFIX + group + "-v";
        return rekeyFamily(prefix, () -> groupKey(group, keys.nextGroupVersion(group)), id -> id.startsWith(prefix));
    }

    /**
     * A family of key versions (a group's, a retention period's) re-keyed in one transaction: the
     * next version taken (its row locked), every key whose id starts with {@code prefix} re-wrapped
     * under it, the family's other versions retired.
     */
    private int rekeyFamily(String prefix, java.util.function.Supplier<String> nextVersion,
                            java.util.function.Predicate<String> ofFamily) {
        Integer moved = tx.execute(status -> {
            String to = nextVersion.get();
            int n = 0;
            while (true) {
                var batch = keys.inGroupWrappedWithOtherThan(prefix, to, 500);
                if (batch.isEmpty()) {
                    break;
                }
                for (KeyRepository.Row row : batch) {
                    byte[] plain = master.unwrap(row.masterKeyId(), row.wrapped());
                    keys.rewrap(row.dossierId(), row.masterKeyId(), to, master.wrapWith(to, plain).bytes());
                    java.util.Arrays.fill(plain, (byte) 0);
                    n++;
                }
            }
            Instant now = clock.instant();
            for (String id : master.keyIds()) {
                if (ofFamily.test(id) && !id.equals(to)) {
                    keys.retire(id, now);
                }
            }
            return n;
        });
        return moved == null ? 0 : moved;
    }

    /**
     * Destroys the retired group keys once the grace period has passed and no committed row needs
     * them (a key made by a creator that read the old version just before the re-key: its group is
     * asked for again, and the next pass moves it). Returns the keys destroyed.
     */
    public List<String> destroyRetiredGroupKeys(Instant now) {
        List<String> destroyed = new ArrayList<>();
        for (String id : keys.retiredBefore(now.minus(rekeyGrace))) {
            if (keys.countWrappedWith(id) == 0) {
                master.destroy(id);
                keys.forgetRetired(id);
                destroyed.add(id);
            } else if (id.startsWith(EPOCH_PREFIX)) {
                keys.requestEpochRekey(epochBase(id), now);
            } else {
                keys.requestRekey(Integer.parseInt(id.substring(GROUP_PREFIX.length(), id.indexOf("-v"))), now);
            }
        }
        return destroyed;
    }

    public MasterKeys masterKeys() {
        return master;
    }

    private SecretKey keyFor(UUID dossierId, boolean create) {
        long now = System.nanoTime();
        Cached c = cache.get(dossierId);
        if (c != null && now - c.at() < CACHE_TTL_NANOS) {
            return new SecretKeySpec(c.key(), "AES");
        }
        KeyRepository.Row row = keys.find(dossierId).orElse(null);
        if (row == null) {
            if (!create) {
                throw new KeyDestroyedException(dossierId);
            }
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            MasterKeys.Wrapped w = wrapActive(dossierId, fresh);
            keys.insertIfAbsent(dossierId, w.keyId(), w.bytes());
            row = keys.find(dossierId).orElseThrow();
        }
        byte[] plain = master.unwrap(row.masterKeyId(), row.wrapped());
        remember(dossierId, plain, now);
        return new SecretKeySpec(plain, "AES");
    }

    private void remember(UUID dossierId, byte[] plain, long now) {
        if (cache.put(dossierId, new Cached(plain, now)) == null) {
            int slot = (int) (inserted.getAndIncrement() % ring.length);
            UUID evicted = ring[slot];
            ring[slot] = dossierId;
            if (evicted != null && !evicted.equals(dossierId)) {
                cache.remove(evicted);
            }
        }
    }
}
