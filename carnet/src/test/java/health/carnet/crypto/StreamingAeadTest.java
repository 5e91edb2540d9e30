package health.carnet.crypto;

import health.carnet.support.GeneratedBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

/**
 * SEC-1, issue #15: the segmented AES-256-GCM format of document bodies (version 3), pure. Round
 * trips at every boundary of a segment; a stream truncated (at a segment's end or inside one),
 * reordered, spliced with another body's segment, with its header altered or bytes appended, or
 * opened with another key or another document's associated data, fails to open; a segment's bytes
 * are handed out only once it authenticated; sealing and opening 20 MiB keep memory to a few segments.
 */
class StreamingAeadTest {

    /** Small segments in most tests: every boundary case costs a few KiB. */
    private static final int SEG = 1024;
    private static final byte[] AAD = "content:7d3c0c7e-0000-4000-8000-000000000001".getBytes(StandardCharsets.UTF_8);

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] seal(SecretKey key, byte[] plain, byte[] aad, int segment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamingAead.seal(key, aad, new ByteArrayInputStream(plain), out, segment);
        return out.toByteArray();
    }

    private static byte[] open(SecretKey key, byte[] sealed, byte[] aad) throws IOException {
        try (InputStream in = StreamingAead.opening(key, aad, new ByteArrayInputStream(sealed))) {
            return in.readAllBytes();
        }
    }

    /** Segment {@code i}'s bytes in a stream sealed with {@link #SEG}-byte segments. */
    private static int segmentStart(int i) {
        return StreamingAead.HEADER + i * (SEG + 16);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void opensWhatItSealedAtEverySegmentBoundaryAndAnnouncesItsSizeExactly() throws Exception {
        SecretKey k = AeadTest.key();
        for (int size : new int[] {0, 1, SEG - 1, SEG, SEG + 1, 2 * SEG, 3 * SEG + 17}) {
            byte[] plain = random(size, size);
            byte[] sealed = seal(k, plain, AAD, SEG);
            assertThat(sealed[0]).isEqualTo(Aead.STREAM_VERSION);
            assertThat((long) sealed.length).as("size %d", size).isEqualTo(StreamingAead.sealedLength(size, SEG));
            assertThat(open(k, sealed, AAD)).as("size %d", size).isEqualTo(plain);
        }
        // the default segments (64 KiB), written and read a byte at a time as well as in blocks
        byte[] plain = random(3 * StreamingAead.SEGMENT + 5, 9);
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = StreamingAead.sealing(k, AAD, sealed)) {
            out.write(plain, 0, 10);
            for (int i = 10; i < 100; i++) {
                out.write(plain[i]);
            }
            out.write(plain, 100, plain.length - 100);
        }
        assertThat((long) sealed.size()).isEqualTo(StreamingAead.sealedLength(plain.length));
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (InputStream in = StreamingAead.opening(k, AAD, new ByteArrayInputStream(sealed.toByteArray()))) {
            while (back.size() < 1000) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                back.write(b);
            }
            back.writeBytes(in.readAllBytes());
        }
        assertThat(back.toByteArray()).isEqualTo(plain);
    }

    @Test
    void twoSealsOfTheSameBodyDiffer() throws Exception {
        SecretKey k = AeadTest.key();
        byte[] plain = random(3 * SEG, 1);
        assertThat(seal(k, plain, AAD, SEG)).isNotEqualTo(seal(k, plain, AAD, SEG));
    }

    @Test
    void aTruncatedStreamFailsWhereverItIsCut() throws Exception {
        SecretKey k = AeadTest.key();
        byte[] sealed = seal(k, random(3 * SEG + 100, 2), AAD, SEG);
        // at a segment's end: the segment now last was not sealed as the last one
        for (int segments = 1; segments <= 3; segments++) {
            byte[] cut = Arrays.copyOf(sealed, segmentStart(segments));
            assertThatThrownBy(() -> open(k, cut, AAD)).as("%d whole segments", segments)
                    .isInstanceOf(StreamingAead.BrokenSegmentException.class);
        }
        // inside a segment, inside the header, nothing at all
        for (int length : new int[] {sealed.length - 1, segmentStart(1) + 20, segmentStart(0) + 5, StreamingAead.HEADER, 5, 0}) {
            byte[] cut = Arrays.copyOf(sealed, length);
            assertThatThrownBy(() -> open(k, cut, AAD)).as("cut at %d", length).isInstanceOf(StreamingAead.BrokenSegmentException.class);
        }
        // an empty body is one empty last segment: without it, nothing opens
        byte[] empty = seal(k, new byte[0], AAD, SEG);
        assertThat(open(k, empty, AAD)).isEmpty();
        assertThatThrownBy(() -> open(k, Arrays.copyOf(empty, StreamingAead.HEADER), AAD))
                .isInstanceOf(StreamingAead.BrokenSegmentException.class);
    }

    @Test
    void reorderedSegmentsOrBytesAppendedFail() throws Exception {
        SecretKey k = AeadTest.key();
        byte[] sealed = seal(k, random(3 * SEG + 100, 3), AAD, SEG);
        byte[] header = Arrays.copyOf(sealed, segmentStart(0));
        byte[] s0 = Arrays.copyOfRange(sealed, segmentStart(0), segmentStart(1));
        byte[] s1 = Arrays.copyOfRange(sealed, segmentStart(1), segmentStart(2));
        byte[] s2 = Arrays.copyOfRange(sealed, segmentStart(2), segmentStart(3));
        byte[] last = Arrays.copyOfRange(sealed, segmentStart(3), sealed.length);
        assertThat(open(k, concat(header, s0, s1, s2, last), AAD)).hasSize(3 * SEG + 100);
        assertThatThrownBy(() -> open(k, concat(header, s1, s0, s2, last), AAD)).isInstanceOf(StreamingAead.BrokenSegmentException.class);
        assertThatThrownBy(() -> open(k, concat(header, s0, s2, s1, last), AAD)).isInstanceOf(StreamingAead.BrokenSegmentException.class);
        // a segment repeated, one dropped from the middle, bytes after the last segment
        assertThatThrownBy(() -> open(k, concat(header, s0, s0, s2, last), AAD)).isInstanceOf(StreamingAead.BrokenSegmentException.class);
        assertThatThrownBy(() -> open(k, concat(header, s0, s2, last), AAD)).isInstanceOf(StreamingAead.BrokenSegmentException.class);
        assertThatThrownBy(() -> open(k, concat(sealed, new byte[] {0}), AAD)).isInstanceOf(StreamingAead.BrokenSegmentException.class);
        assertThatThrownBy(() -> open(k, concat(sealed, s2), AAD)).isInstanceOf(StreamingAead.BrokenSegmentException.class);
    }

    @Test
    void aSegmentOfAnotherBodyFailsEvenUnderTheSameKeyAndAssociatedData() throws Exception {
        SecretKey k = AeadTest.key();
        byte[] a = seal(k, random(3 * SEG, 4), AAD, SEG);
        byte[] b = seal(k, random(3 * SEG, 5), AAD, SEG);
        // b's second segment in a's place: same key, same AAD, same counter, but b's nonce prefix
        byte[] spliced = a.clone();
        System.arraycopy(b, segmentStart(1), spliced, segmentStart(1), SEG + 16);
        assertThatThrownBy(() -> open(k, spliced, AAD)).isInstanceOf(StreamingAead.BrokenSegmentException.class);
        // another document's body (another document's AAD) under the same key
        byte[] other = seal(k, random(SEG, 6), "content:another-document".getBytes(StandardCharsets.UTF_8), SEG);
        assertThatThrownBy(() -> open(k, other, AAD)).isInstanceOf(StreamingAead.BrokenSegmentException.class);
        // another key
        assertThatThrownBy(() -> open(AeadTest.key(), a, AAD)).isInstanceOf(StreamingAead.BrokenSegmentException.class);
    }

    @Test
    void anAlteredHeaderOrByteFails() throws Exception {
        SecretKey k = AeadTest.key();
        byte[] sealed = seal(k, random(2 * SEG + 1, 7), AAD, SEG);
        for (int at : new int[] {0, 1, 4, 5, 11, segmentStart(0), segmentStart(1) + 3, sealed.length - 1}) {
            byte[] altered = sealed.clone();
            altered[at] ^= 1;
            assertThatThrownBy(() -> open(k, altered, AAD)).as("byte %d", at).isInstanceOf(IOException.class);
        }
        // an older format is not this one
        assertThatThrownBy(() -> open(k, Aead.seal(k, "x".getBytes(), AAD, Aead.DOCUMENT_KEY_VERSION), AAD))
                .isInstanceOf(StreamingAead.BrokenSegmentException.class);
    }

    @Test
    void aSegmentIsHandedOutOnlyOnceItAuthenticated() throws Exception {
        SecretKey k = AeadTest.key();
        byte[] plain = random(3 * SEG, 8);
        byte[] sealed = seal(k, plain, AAD, SEG);
        sealed[segmentStart(1) + 10] ^= 1;
        try (InputStream in = StreamingAead.opening(k, AAD, new ByteArrayInputStream(sealed))) {
            assertThat(in.readNBytes(SEG)).as("the first segment is intact").isEqualTo(Arrays.copyOf(plain, SEG));
            byte[] next = new byte[SEG];
            assertThatThrownBy(() -> in.read(next)).isInstanceOf(StreamingAead.BrokenSegmentException.class);
            assertThat(next).as("nothing of the altered segment came out").containsOnly(0);
        }
    }

    /** The sealed bytes of {@link GeneratedBody} as a stream, sealed as they are read; {@code plain} digests the plaintext. */
    private static final class SealedOnTheFly extends InputStream {
        private final GeneratedBody source;
        private final MessageDigest plain;
        private final byte[] chunk = new byte[8192];
        private final byte[] pending = new byte[2 * StreamingAead.SEGMENT + 64];
        private int from;
        private int to;
        private boolean done;
        private final OutputStream sealing;

        SealedOnTheFly(SecretKey key, long size, MessageDigest plain) throws IOException {
            this.source = new GeneratedBody(size, 42);
            this.plain = plain;
            this.sealing = StreamingAead.sealing(key, AAD, new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (from == to) {
                        from = 0;
                        to = 0;
                    }
                    System.arraycopy(b, off, pending, to, len);
                    to += len;
                }
            });
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (from == to && !done) {
                int n = source.read(chunk, 0, chunk.length);
                if (n < 0) {
                    sealing.close();
                    done = true;
                } else {
                    plain.update(chunk, 0, n);
                    sealing.write(chunk, 0, n);
                }
            }
            if (from == to) {
                return -1;
            }
            int n = Math.min(len, to - from);
            System.arraycopy(pending, from, b, off, n);
            from += n;
            return n;
        }
    }

    /** A sink that keeps the sealed bytes only as a file would: here, their count and digest. */
    private static final class Digesting extends OutputStream {
        final MessageDigest sha;
        long count;

        Digesting() throws Exception {
            sha = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(int b) {
            sha.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sha.update(b, off, len);
            count += len;
        }
    }

    @Test
    void sealingAndOpeningTwentyMebibytesKeepsMemoryToAFewSegments() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        SecretKey k = AeadTest.key();
        long size = 20L * 1024 * 1024;
        // warm-up (class loading, JCA provider look-ups): not what is measured
        seal(k, random(3 * StreamingAead.SEGMENT, 1), AAD, StreamingAead.SEGMENT);

        Digesting sealedSink = new Digesting();
        long before = threads.getThreadAllocatedBytes(thread);
        StreamingAead.seal(k, AAD, new GeneratedBody(size, 42), sealedSink);
        long sealing = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(sealedSink.count).isEqualTo(StreamingAead.sealedLength(size));

        // and open 20 MiB sealed on the fly by the source (no sealed array anywhere either)
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[8192];
        before = threads.getThreadAllocatedBytes(thread);
        long opened = 0;
        try (InputStream in = StreamingAead.opening(k, AAD, new SealedOnTheFly(k, size, expected))) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.update(buffer, 0, n);
                opened += n;
            }
        }
        long opening = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(opened).isEqualTo(size);
        assertThat(got.digest()).isEqualTo(expected.digest());

        System.out.printf("StreamingAead: sealing 20 MiB allocated %,d bytes; opening 20 MiB (sealing it on the fly included) allocated %,d bytes%n", sealing, opening);
        // a whole-body seal or open allocates the body's size at least (20 MiB); here a segment or two, plus the
        // JCA's small objects per segment (~1.8 KB for each of the 320 segments sealed, as many again to open)
        assertThat(sealing).as("bytes allocated sealing 20 MiB").isLessThan(2 * 1024 * 1024);
        assertThat(opening).as("bytes allocated sealing and opening 20 MiB").isLessThan(4 * 1024 * 1024);
    }
}
