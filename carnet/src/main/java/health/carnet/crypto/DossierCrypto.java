package health.carnet.crypto;

import health.carnet.crypto.internal.KeyRepository;
import health.carnet.dossier.DossierLifecycleEvent;
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
 * Seals and opens a dossier's data (SEC-1). The data key is made on first use, wrapped by the
 * current master key; unwrapped keys are cached in memory (bounded, short-lived) since every read
 * needs one. When a dossier is destroyed its key row is deleted in the same transaction (SEC-2).
 */
@Service
public class DossierCrypto {

    private static final long CACHE_TTL_NANOS = 10L * 60 * 1_000_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Cached(byte[] key, long at) {
    }

    private final KeyRepository keys;
    private final MasterKeys master;
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
                  @org.springframework.beans.factory.annotation.Value("${carnet.crypto.key-cache-size:1000000}") int cacheSize) {
        this.keys = keys;
        this.master = master;
        this.ring = new UUID[Math.max(1, cacheSize)];
    }

    public byte[] seal(UUID dossierId, byte[] plain, byte[] aad) {
        return Aead.seal(keyFor(dossierId, true), plain, aad);
    }

    public byte[] open(UUID dossierId, byte[] sealed, byte[] aad) {
        return Aead.open(keyFor(dossierId, false), sealed, aad);
    }

    public boolean hasKey(UUID dossierId) {
        return keys.find(dossierId).isPresent();
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(DossierLifecycleEvent event) {
        if (event.type() == DossierLifecycleEvent.Type.DESTROYED) {
            keys.delete(event.dossierId());
            cache.remove(event.dossierId());
        }
    }

    /** Re-wraps every data key with the current master key; returns how many. Runs beside live traffic. */
    public int rewrapAll() {
        String current = master.currentKeyId();
        int total = 0;
        while (true) {
            var batch = keys.wrappedWithOtherThan(current, 500);
            if (batch.isEmpty()) {
                return total;
            }
            for (KeyRepository.Row row : batch) {
                byte[] plain = master.unwrap(row.masterKeyId(), row.wrapped());
                MasterKeys.Wrapped w = master.wrap(plain);
                keys.rewrap(row.dossierId(), row.masterKeyId(), w.keyId(), w.bytes());
                total++;
            }
        }
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
            MasterKeys.Wrapped w = master.wrap(fresh);
            keys.insertIfAbsent(dossierId, w.keyId(), w.bytes());
            row = keys.find(dossierId).orElseThrow();
        }
        byte[] plain = master.unwrap(row.masterKeyId(), row.wrapped());
        if (cache.put(dossierId, new Cached(plain, now)) == null) {
            int slot = (int) (inserted.getAndIncrement() % ring.length);
            UUID evicted = ring[slot];
            ring[slot] = dossierId;
            if (evicted != null && !evicted.equals(dossierId)) {
                cache.remove(evicted);
            }
        }
        return new SecretKeySpec(plain, "AES");
    }
}
