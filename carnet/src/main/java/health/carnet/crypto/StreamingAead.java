package health.carnet.crypto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Carnet's segmented (streaming) AES-256-GCM, format version {@value Aead#STREAM_VERSION} (issue #15):
 * a body is sealed and opened a segment at a time, so neither side ever holds the whole body.
 * The STREAM construction, as Tink's streaming AEAD:
 * <pre>
 * header   = version(1) = 3 | segment size(4, big-endian, plaintext bytes per segment) | nonce prefix(7, random)
 * segment i = AES-256-GCM(key, nonce = prefix(7) | i(4, big-endian) | last(1: 0 or 1),
 *                         associated data = header | the caller's associated data)
 *             of plaintext bytes [i * size, (i + 1) * size): ciphertext | tag(16)
 * </pre>
 * Every segment but the last holds exactly {@code size} plaintext bytes; the last holds 0 to
 * {@code size} (0 only for an empty body) and carries the last flag. So: a segment moved elsewhere
 * in the stream fails (its counter), a stream cut at any point fails (the segment before the cut
 * was not sealed as the last one), a segment taken from another body fails (another key, another
 * prefix, another associated data: the document's id), and an altered header fails (it is
 * authenticated in every segment). The nonce cannot repeat within a key: the counter is part of it
 * (documents have keys of their own; the random prefix keeps the nonces apart even for a key reused).
 * Pure; memory is one segment and its ciphertext, whatever the body's size.
 */
public final class StreamingAead {

    /** 64 KiB of plaintext per segment: 16 bytes of tag each (0.02 %), one segment in memory per stream. */
    public static final int SEGMENT = 64 * 1024;
    public static final int HEADER = 1 + 4 + 7;
    private static final int PREFIX = 7;
    private static final int TAG = 16;
    /** Segment sizes a reader accepts from a header: the header is read before it is authenticated. */
    private static final int MIN_SEGMENT = 1024;
    private static final int MAX_SEGMENT = 16 * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamingAead() {
    }

    /** A segment that does not authenticate: altered, truncated, reordered, or from another stream. */
    public static final class BrokenSegmentException extends IOException {
        BrokenSegmentException(String message) {
            super(message);
        }
    }

    /** The sealed size of a body of {@code plainLength} bytes in segments of {@link #SEGMENT}. */
    public static long sealedLength(long plainLength) {
        return sealedLength(plainLength, SEGMENT);
    }

    static long sealedLength(long plainLength, int segment) {
        long segments = plainLength == 0 ? 1 : (plainLength + segment - 1) / segment;
        return HEADER + plainLength + segments * TAG;
    }

    /**
     * A stream that seals what is written to it into {@code out}, a segment at a time; {@link OutputStream#close()}
     * seals the last segment and closes {@code out}. Nothing is written to {@code out} before the first segment is full.
     */
    public static OutputStream sealing(SecretKey key, byte[] aad, OutputStream out) throws IOException {
        return new Sealing(key, aad, out, SEGMENT);
    }

    static OutputStream sealing(SecretKey key, byte[] aad, OutputStream out, int segment) throws IOException {
        return new Sealing(key, aad, out, segment);
    }

    /** Seals all of {@code plain} into {@code out} (not closed): memory is two segments. */
    public static void seal(SecretKey key, byte[] aad, InputStream plain, OutputStream out) throws IOException {
        seal(key, aad, plain, out, SEGMENT);
    }

    static void seal(SecretKey key, byte[] aad, InputStream plain, OutputStream out, int segment) throws IOException {
        OutputStream keepOpen = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
        try (OutputStream sealing = new Sealing(key, aad, keepOpen, segment)) {
            byte[] buffer = new byte[segment];
            for (int n; (n = plain.read(buffer)) >= 0; ) {
                sealing.write(buffer, 0, n);
            }
        }
    }

    /**
     * The plaintext of a sealed stream, read a segment at a time; the header is read (and checked for
     * its version) at once. A segment that does not authenticate throws {@link BrokenSegmentException}
     * from {@code read}, before any of its bytes are handed out; the end is reached only after the
     * segment flagged as the last one opened.
     */
    public static InputStream opening(SecretKey key, byte[] aad, InputStream sealed) throws IOException {
        return new Opening(key, aad, sealed);
    }

    private static Cipher gcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] segmentAad(byte[] header, byte[] aad) {
        byte[] all = Arrays.copyOf(header, header.length + (aad == null ? 0 : aad.length));
        if (aad != null) {
            System.arraycopy(aad, 0, all, header.length, aad.length);
        }
        return all;
    }

    private static void nonce(byte[] nonce, long counter, boolean last) {
        if (counter > 0xFFFF_FFFFL) {
            throw new IllegalStateException("A body of more than 2^32 segments cannot be sealed");
        }
        nonce[PREFIX] = (byte) (counter >>> 24);
        nonce[PREFIX + 1] = (byte) (counter >>> 16);
        nonce[PREFIX + 2] = (byte) (counter >>> 8);
        nonce[PREFIX + 3] = (byte) counter;
        nonce[PREFIX + 4] = (byte) (last ? 1 : 0);
    }

    private static final class Sealing extends OutputStream {
        private final SecretKey key;
        private final OutputStream out;
        private final Cipher cipher = gcm();
        private final byte[] aad;
        private final byte[] nonce = new byte[12];
        private final byte[] plain;
        private final byte[] sealed;
        private int filled;
        private long counter;
        private boolean closed;

        Sealing(SecretKey key, byte[] callerAad, OutputStream out, int segment) throws IOException {
            this.key = key;
            this.out = out;
            this.plain = new byte[segment];
            this.sealed = new byte[segment + TAG];
            byte[] header = ByteBuffer.allocate(HEADER).put(Aead.STREAM_VERSION).putInt(segment).array();
            byte[] prefix = new byte[PREFIX];
            RANDOM.nextBytes(prefix);
            System.arraycopy(prefix, 0, header, 5, PREFIX);
            System.arraycopy(prefix, 0, nonce, 0, PREFIX);
            this.aad = segmentAad(header, callerAad);
            out.write(header);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("Stream closed");
            }
            while (len > 0) {
                // a full segment is sealed only once more bytes come: until then it may be the last one
                if (filled == plain.length) {
                    sealSegment(false);
                }
                int n = Math.min(len, plain.length - filled);
                System.arraycopy(b, off, plain, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void sealSegment(boolean last) throws IOException {
            nonce(nonce, counter++, last);
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
                cipher.updateAAD(aad);
                int n = cipher.doFinal(plain, 0, filled, sealed, 0);
                out.write(sealed, 0, n);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Encryption failed", e);
            }
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                sealSegment(true);
            } finally {
                Arrays.fill(plain, (byte) 0);
                out.close();
            }
        }
    }

    private static final class Opening extends InputStream {
        private final SecretKey key;
        private final InputStream in;
        private final Cipher cipher = gcm();
        private final byte[] aad;
        private final byte[] nonce = new byte[12];
        private final byte[] sealed;
        private final byte[] plain;
        /** The byte read ahead of a full segment to learn whether it is the last one; -1: none held. */
        private int ahead = -1;
        private int position;
        private int available;
        private long counter;
        private boolean ended;

        Opening(SecretKey key, byte[] callerAad, InputStream in) throws IOException {
            this.key = key;
            this.in = in;
            byte[] header = in.readNBytes(HEADER);
            if (header.length < HEADER || header[0] != Aead.STREAM_VERSION) {
                throw new BrokenSegmentException("Not a Carnet segmented ciphertext");
            }
            int segment = ByteBuffer.wrap(header, 1, 4).getInt();
            if (segment < MIN_SEGMENT || segment > MAX_SEGMENT) {
                throw new BrokenSegmentException("Not a Carnet segmented ciphertext");
            }
            System.arraycopy(header, 5, nonce, 0, PREFIX);
            this.aad = segmentAad(header, callerAad);
            this.sealed = new byte[segment + TAG];
            this.plain = new byte[segment];
        }

        /** Opens the next segment into {@code plain}; false at the end (after the last segment). */
        private boolean next() throws IOException {
            if (ended) {
                return false;
            }
            int n = 0;
            if (ahead >= 0) {
                sealed[n++] = (byte) ahead;
                ahead = -1;
            }
            n += in.readNBytes(sealed, n, sealed.length - n);
            boolean last;
            if (n < sealed.length) {
                last = true;
            } else {
                ahead = in.read();
                last = ahead < 0;
            }
            if (n < TAG) {
                throw new BrokenSegmentException("Truncated ciphertext");
            }
            nonce(nonce, counter++, last);
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
                cipher.updateAAD(aad);
                available = cipher.doFinal(sealed, 0, n, plain, 0);
            } catch (AEADBadTagException e) {
                throw new BrokenSegmentException("Decryption failed: wrong key, altered, truncated or reordered data");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Decryption failed", e);
            }
            position = 0;
            ended = last;
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == available) {
                if (!next()) {
                    return -1;
                }
            }
            int n = Math.min(len, available - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return available - position;
        }

        @Override
        public void close() throws IOException {
            Arrays.fill(plain, (byte) 0);
            in.close();
        }
    }
}
