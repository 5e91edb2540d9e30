package health.carnet.support;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A document body made on the fly (a linear congruential sequence from a seed) and digested
 * (SHA-256) as it is read: tests of large bodies hold no body array of their own, so what they
 * measure of memory is the code's.
 */
public final class GeneratedBody extends InputStream {

    private long left;
    private long state;
    private final MessageDigest sha;

    public GeneratedBody(long size, long seed) {
        this.left = size;
        this.state = seed;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of what was read so far (once, at the end). */
    public byte[] digest() {
        return sha.digest();
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (left == 0) {
            return -1;
        }
        int n = (int) Math.min(len, left);
        for (int i = 0; i < n; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            b[off + i] = (byte) (state >>> 56);
        }
        sha.update(b, off, n);
        left -= n;
        return n;
    }
}
