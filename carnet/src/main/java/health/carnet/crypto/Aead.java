package health.carnet.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM as Carnet stores it: {@code version(1) | nonce(12) | ciphertext | tag(16)}. The
 * associated data binds a ciphertext to its place (dossier, document, field): moved elsewhere it
 * fails to open. Pure; public for the micro-benchmarks.
 */
public final class Aead {
    private static final byte VERSION = 1;
    /** The same layout, sealed with a document's own key (DocumentKeys): the header tells readers which key opens it. */
    public static final byte DOCUMENT_KEY_VERSION = 2;
    /**
     * A document's body sealed with its own key in segments ({@link StreamingAead}, issue #15): sealed and
     * opened as a stream, never whole in memory. Versions 1 and 2 are still read.
     */
    public static final byte STREAM_VERSION = 3;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * One cipher per thread, initialised afresh for each message: {@code Cipher.getInstance} is a
     * provider lookup, and the JDK's AES keeps the expanded key of the last key it was given, so a
     * thread opening a dossier's 100 history entries in a row expands that key once, not 100 times
     * (a third of a history search's CPU before). Dropped after a failure, so no state survives one.
     */
    private static final ThreadLocal<Cipher> CIPHER = new ThreadLocal<>();

    private Aead() {
    }

    public static byte[] seal(SecretKey key, byte[] plain, byte[] aad) {
        return seal(key, plain, aad, VERSION);
    }

    /** The version of a Carnet ciphertext (its first byte), or -1 when it is none. */
    public static int version(byte[] sealed) {
        return sealed == null || sealed.length == 0 ? -1 : sealed[0];
    }

    static byte[] seal(SecretKey key, byte[] plain, byte[] aad, byte version) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = cipher();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            if (aad != null) {
                c.updateAAD(aad);
            }
            ByteBuffer out = ByteBuffer.allocate(1 + NONCE + c.getOutputSize(plain.length));
            out.put(version).put(nonce);
            c.doFinal(ByteBuffer.wrap(plain), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            CIPHER.remove();
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public static byte[] open(SecretKey key, byte[] sealed, byte[] aad) {
        return open(key, sealed, aad, VERSION);
    }

    static byte[] open(SecretKey key, byte[] sealed, byte[] aad, byte version) {
        if (sealed == null || sealed.length < 1 + NONCE + TAG_BITS / 8 || sealed[0] != version) {
            throw new IllegalStateException("Not a Carnet ciphertext");
        }
        try {
            Cipher c = cipher();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
            if (aad != null) {
                c.updateAAD(aad);
            }
            return c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            CIPHER.remove();
            throw new IllegalStateException("Decryption failed: wrong key or altered data", e);
        }
    }

    private static Cipher cipher() throws GeneralSecurityException {
        Cipher c = CIPHER.get();
        if (c == null) {
            c = Cipher.getInstance("AES/GCM/NoPadding");
            CIPHER.set(c);
        }
        return c;
    }
}
