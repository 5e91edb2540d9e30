package health.carnet.dossier.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Random codes and their stored hashes. */
public final class Codes {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** No 0/O, 1/I/L: a creation code is read off a letter and typed by hand. */
    private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();

    private Codes() {
    }

    public static String creationCode() {
        return random(ALPHABET, 12);
    }

    public static String oneTimeCode() {
        return "%06d".formatted(RANDOM.nextInt(1_000_000));
    }

    /** A login identifier: random, so not derivable from the NIR (ID-4). */
    public static String login() {
        return random("abcdefghjkmnpqrstuvwxyz23456789".toCharArray(), 10);
    }

    public static String initialPassword() {
        return random("ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789".toCharArray(), 14);
    }

    private static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    /** The code is salted with its record's id: equal codes never share a hash. */
    public static String hash(UUID id, String code) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((id + ":" + code.trim().toUpperCase()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean matches(UUID id, String code, String storedHash) {
        if (code == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(id, code).getBytes(StandardCharsets.UTF_8), storedHash.getBytes(StandardCharsets.UTF_8));
    }
}
