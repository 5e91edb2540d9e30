package health.carnet.crypto;

import health.carnet.crypto.internal.KeyRepository;
import health.carnet.dossier.DossierLifecycleEvent;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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

    private record Cached(SecretKey key, long at) {
    }

    private final KeyRepository keys;
    private final MasterKeys master;
    private final Map<UUID, Cached> cache;

    /** @param cacheSize unwrapped keys kept in memory (~200 bytes each): a miss costs a query and an unwrap */
    DossierCrypto(KeyRepository keys, MasterKeys master,
                  @org.springframework.beans.factory.annotation.Value("${carnet.crypto.key-cache-size:100000}") int cacheSize) {
        this.keys = keys;
        this.master = master;
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Cached> eldest) {
                return size() > cacheSize;
            }
        };
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
            synchronized (cache) {
                cache.remove(event.dossierId());
            }
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
        synchronized (cache) {
            Cached c = cache.get(dossierId);
            if (c != null && now - c.at() < CACHE_TTL_NANOS) {
                return c.key();
            }
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
        SecretKey key = new SecretKeySpec(master.unwrap(row.masterKeyId(), row.wrapped()), "AES");
        synchronized (cache) {
            cache.put(dossierId, new Cached(key, now));
        }
        return key;
    }
}
