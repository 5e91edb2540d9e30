package health.carnet.feed.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a file line by line in constant memory, decoding each line as strict UTF-8 on its own:
 * a line with a byte that is not UTF-8 is reported as such, and the next line reads as usual.
 * Counts the bytes consumed (for the progress bar and the checkpoint).
 */
final class LineReader {

    static final int MAX_LINE = 64 * 1024;

    /** One line: its text, or why it has none; whether it ended with a newline (a last line may be truncated). */
    record Line(long number, String text, String problem, boolean terminated, int bytes) {
    }

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int len;
    private byte[] line = new byte[1024];
    private long number;
    private long bytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    LineReader(InputStream in) {
        this.in = in;
    }

    long bytesRead() {
        return bytes;
    }

    long lineNumber() {
        return number;
    }

    /** Resumes after a checkpoint: skips the bytes of the lines already imported. Call before any read. */
    void skipTo(long byteOffset, long lines) throws IOException {
        long left = byteOffset;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    break;
                }
                n = 1;
            }
            left -= n;
        }
        bytes = byteOffset - left;
        number = lines;
    }

    /** The next line, or null at the end of the file. */
    Line next() throws IOException {
        int n = 0;
        long startBytes = bytes;
        boolean terminated = false;
        boolean tooLong = false;
        while (true) {
            if (pos == len) {
                len = in.read(buf);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    break;
                }
            }
            byte b = buf[pos++];
            bytes++;
            if (b == '\n') {
                terminated = true;
                break;
            }
            if (n < MAX_LINE) {
                if (n == line.length) {
                    line = Arrays.copyOf(line, Math.min(MAX_LINE, n * 2));
                }
                line[n++] = b;
            } else {
                tooLong = true;
            }
        }
        if (n == 0 && !terminated) {
            return null;
        }
        number++;
        if (line.length > 8192) {
            // keep memory flat after one long line
            byte[] keep = Arrays.copyOf(line, n);
            line = new byte[1024];
            return decode(keep, n, terminated, tooLong, (int) (bytes - startBytes));
        }
        return decode(line, n, terminated, tooLong, (int) (bytes - startBytes));
    }

    private Line decode(byte[] bytes, int n, boolean terminated, boolean tooLong, int raw) {
        if (tooLong) {
            return new Line(number, null, "line longer than " + MAX_LINE + " bytes", terminated, raw);
        }
        if (n > 0 && bytes[n - 1] == '\r') {
            n--;
        }
        // a UTF-8 line never decodes to more chars than it has bytes
        CharBuffer out = CharBuffer.allocate(n);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, n);
        CoderResult r = decoder.reset().decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int at = Math.min(in.position(), n - 1);
            return new Line(number, null, "not UTF-8: byte 0x%02X at column %d".formatted(bytes[at] & 0xff, at + 1), terminated, raw);
        }
        out.flip();
        return new Line(number, out.toString(), null, terminated, raw);
    }
}
