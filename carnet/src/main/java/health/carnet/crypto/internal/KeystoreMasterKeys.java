package health.carnet.crypto.internal;

import health.carnet.crypto.MasterKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Master keys in a PKCS#12 keystore file: entries {@code master-<n>}, the highest n current. Data
 * keys are wrapped with AES key wrap (RFC 5649). When asked for a key id it does not hold (another
 * process rotated), it reloads the file: rotation needs no restart.
 */
public final class KeystoreMasterKeys implements MasterKeys {

    private static final Logger log = LoggerFactory.getLogger(KeystoreMasterKeys.class);
    private static final String PREFIX = "master-";

    private final Path file;
    private final char[] password;
    private volatile KeyStore store;
    /** Opening a PKCS#12 entry runs its password-based KDF: far too slow for every wrap, so keep them open. */
    private final java.util.concurrent.ConcurrentHashMap<String, SecretKey> opened = new java.util.concurrent.ConcurrentHashMap<>();

    public KeystoreMasterKeys(Path file, char[] password) {
        this.file = file;
        this.password = password;
        this.store = loadOrCreate();
    }

    /** The embedded default: a keystore and a generated password next to it, created on first start. */
    public static KeystoreMasterKeys embeddedDefault(Path file, String configuredPassword) {
        try {
            Path passFile = file.resolveSibling(file.getFileName() + ".password");
            String password = configuredPassword;
            if (password == null || password.isBlank()) {
                if (!Files.exists(passFile)) {
                    byte[] random = new byte[24];
                    new SecureRandom().nextBytes(random);
                    Files.createDirectories(passFile.getParent());
                    Files.writeString(passFile, HexFormat.of().formatHex(random));
                    restrict(passFile);
                    log.warn("""

                            ******************************************************************************
                            * Created a master keystore {} with a generated password in {}.
                            * This is the embedded default for one machine. In production keep master keys
                            * in a KMS or HSM, or at least keep this keystore and its password off the
                            * database's host and backups: whoever holds both can read every dossier.
                            ******************************************************************************""",
                            file, passFile);
                }
                password = Files.readString(passFile).trim();
            }
            return new KeystoreMasterKeys(file, password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String currentKeyId() {
        return PREFIX + highest(store);
    }

    @Override
    public Wrapped wrap(byte[] dataKey) {
        String id = currentKeyId();
        try {
            Cipher c = Cipher.getInstance("AESWrapPad");
            c.init(Cipher.WRAP_MODE, key(id));
            return new Wrapped(id, c.wrap(new SecretKeySpec(dataKey, "AES")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot wrap a data key", e);
        }
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrapped) {
        try {
            return unwrapWith(key(keyId), wrapped);
        } catch (GeneralSecurityException first) {
            // Another instance sharing the file (a second server, the other test context) may have
            // destroyed this version and made it again since we opened it: our copy is stale. Read the
            // file again once before refusing; a key that still does not open the row is an error.
            try {
                synchronized (this) {
                    opened.remove(keyId);
                    store = load();
                }
                return unwrapWith(key(keyId), wrapped);
            } catch (GeneralSecurityException e) {
                e.addSuppressed(first);
                throw new IllegalStateException("Cannot unwrap a data key with " + keyId, e);
            }
        }
    }

    private static byte[] unwrapWith(SecretKey key, byte[] wrapped) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AESWrapPad");
        c.init(Cipher.UNWRAP_MODE, key);
        return c.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
    }

    @Override
    public Wrapped wrapWith(String keyId, byte[] dataKey) {
        if (keyId.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Master keys are made by rotation, not by name");
        }
        try {
            if (!store.containsAlias(keyId)) {
                createNamed(keyId);
            }
            Cipher c = Cipher.getInstance("AESWrapPad");
            c.init(Cipher.WRAP_MODE, key(keyId));
            return new Wrapped(keyId, c.wrap(new SecretKeySpec(dataKey, "AES")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot wrap a data key with " + keyId, e);
        }
    }

    private synchronized void createNamed(String keyId) {
        try (var lock = exclusive()) {
            KeyStore fresh = load();
            if (!fresh.containsAlias(keyId)) {
                KeyGenerator gen = KeyGenerator.getInstance("AES");
                gen.init(256);
                fresh.setEntry(keyId, new KeyStore.SecretKeyEntry(gen.generateKey()), new KeyStore.PasswordProtection(password));
                save(fresh);
            }
            store = fresh;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot create key " + keyId, e);
        }
    }

    @Override
    public synchronized void destroy(String keyId) {
        if (keyId.equals(currentKeyId())) {
            throw new IllegalArgumentException("The current master key cannot be destroyed: rotate first");
        }
        try (var lock = exclusive()) {
            KeyStore fresh = load();
            if (fresh.containsAlias(keyId)) {
                fresh.deleteEntry(keyId);
                save(fresh);
            }
            store = fresh;
            opened.remove(keyId);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot destroy key " + keyId, e);
        }
    }

    @Override
    public java.util.List<String> keyIds() {
        try {
            return Collections.list(load().aliases()).stream().sorted().toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized String rotate() {
        try (var lock = exclusive()) {
            KeyStore fresh = load();
            int next = highest(fresh) + 1;
            KeyGenerator gen = KeyGenerator.getInstance("AES");
            gen.init(256);
            fresh.setEntry(PREFIX + next, new KeyStore.SecretKeyEntry(gen.generateKey()), new KeyStore.PasswordProtection(password));
            save(fresh);
            store = fresh;
            return PREFIX + next;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot rotate the master key", e);
        }
    }

    private SecretKey key(String id) throws GeneralSecurityException {
        SecretKey cached = opened.get(id);
        if (cached != null) {
            return cached;
        }
        SecretKey key = (SecretKey) store.getKey(id, password);
        if (key == null) {
            store = load();
            key = (SecretKey) store.getKey(id, password);
        }
        if (key == null) {
            throw new IllegalStateException("The master keystore holds no key " + id);
        }
        opened.put(id, key);
        return key;
    }

    /** One writer of the keystore file at a time, across instances of this class and processes sharing the file. */
    private static final java.util.concurrent.locks.ReentrantLock JVM_WIDE = new java.util.concurrent.locks.ReentrantLock();

    /**
     * The read-modify-write of the file under a lock: two instances creating the same named key at
     * once (a group key's first use) would otherwise each save their own key, and the rows wrapped by
     * the loser's would never open again.
     */
    /** A held lock whose release cannot fail the caller's try-with-resources with a checked exception. */
    private interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private Held exclusive() throws IOException {
        JVM_WIDE.lock();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock held = channel.lock();
            return () -> {
                try {
                    held.release();
                    channel.close();
                } finally {
                    JVM_WIDE.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            JVM_WIDE.unlock();
            throw e;
        }
    }

    private KeyStore loadOrCreate() {
        if (Files.exists(file)) {
            return load();
        }
        synchronized (this) {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, password);
                store = ks;
                KeyGenerator gen = KeyGenerator.getInstance("AES");
                gen.init(256);
                ks.setEntry(PREFIX + 1, new KeyStore.SecretKeyEntry(gen.generateKey()), new KeyStore.PasswordProtection(password));
                save(ks);
                return ks;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("Cannot create the master keystore " + file, e);
            }
        }
    }

    private KeyStore load() {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot open the master keystore " + file + " (wrong password?)", e);
        }
    }

    private void save(KeyStore ks) throws IOException, GeneralSecurityException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(out, password);
        }
        restrict(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int highest(KeyStore ks) {
        try {
            return Collections.list(ks.aliases()).stream().filter(a -> a.startsWith(PREFIX))
                    .mapToInt(a -> Integer.parseInt(a.substring(PREFIX.length()))).max().orElseThrow();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void restrict(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system
        }
    }
}
