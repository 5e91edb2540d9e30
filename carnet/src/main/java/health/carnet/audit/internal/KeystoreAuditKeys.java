package health.carnet.audit.internal;

import health.carnet.audit.AuditKeys;
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
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit keys in a PKCS#12 keystore of their own (not the master keystore: the people who may
 * rotate patients' keys need not be able to forge the trail): {@code audit-hmac-1}, the HMAC key
 * of the chain, and {@code audit-signing-1}, the 32-byte seed of the Ed25519 key that signs
 * published heads. Both are created on first start.
 */
final class KeystoreAuditKeys implements AuditKeys {

    private static final Logger log = LoggerFactory.getLogger(KeystoreAuditKeys.class);
    static final String HMAC = "audit-hmac-1";
    static final String SIGNING = "audit-signing-1";

    private final Path file;
    private final char[] password;
    private final Map<String, SecretKey> hmacKeys = new ConcurrentHashMap<>();
    private final Ed25519PrivateKeyParameters signing;
    private final Ed25519PublicKeyParameters verifying;
    /** Mac objects are not thread-safe and costly to look up: one per thread and key. */
    private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(java.util.HashMap::new);

    KeystoreAuditKeys(Path file, char[] password) {
        this.file = file;
        this.password = password;
        try {
            KeyStore ks = loadOrCreate();
            hmacKeys.put(HMAC, (SecretKey) ks.getKey(HMAC, password));
            byte[] seed = ks.getKey(SIGNING, password).getEncoded();
            this.signing = new Ed25519PrivateKeyParameters(seed, 0);
            this.verifying = signing.generatePublicKey();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot open the audit keystore " + file + " (wrong password?)", e);
        }
    }

    /** The embedded default: a keystore and a generated password next to it (keep both off the database host). */
    static KeystoreAuditKeys embeddedDefault(Path file, String configuredPassword) {
        try {
            String password = configuredPassword;
            if (password == null || password.isBlank()) {
                Path passFile = file.resolveSibling(file.getFileName() + ".password");
                if (!Files.exists(passFile)) {
                    byte[] random = new byte[24];
                    new SecureRandom().nextBytes(random);
                    Files.createDirectories(passFile.toAbsolutePath().getParent());
                    Files.writeString(passFile, HexFormat.of().formatHex(random));
                    restrict(passFile);
                    log.warn("Created the audit keystore {} with a generated password in {}: keep both off the database's"
                            + " host and backups, or whoever writes the database can also rewrite the audit trail.", file, passFile);
                }
                password = Files.readString(passFile).trim();
            }
            return new KeystoreAuditKeys(file, password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String currentHmacKeyId() {
        return HMAC;
    }

    @Override
    public byte[] hmac(String keyId, byte[] data) {
        Mac mac = macs.get().computeIfAbsent(keyId, id -> {
            SecretKey key = hmacKeys.get(id);
            if (key == null) {
                throw new IllegalStateException("The audit keystore holds no HMAC key " + id);
            }
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        return mac.doFinal(data);
    }

    @Override
    public byte[] sign(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, signing);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(false, verifying);
        signer.update(data, 0, data.length);
        return signer.verifySignature(signature);
    }

    @Override
    public byte[] publicKey() {
        return verifying.getEncoded();
    }

    private KeyStore loadOrCreate() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, password);
            }
            return ks;
        }
        ks.load(null, password);
        SecureRandom random = new SecureRandom();
        byte[] hmac = new byte[32];
        random.nextBytes(hmac);
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
        ks.setEntry(HMAC, new KeyStore.SecretKeyEntry(new SecretKeySpec(hmac, "HmacSHA256")), protection);
        // the seed of an Ed25519 key, kept as opaque secret bytes (a private-key entry would need a certificate)
        ks.setEntry(SIGNING, new KeyStore.SecretKeyEntry(new SecretKeySpec(seed, "HmacSHA512")), protection);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(out, password);
        }
        restrict(tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return ks;
    }

    private static void restrict(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system
        }
    }
}
