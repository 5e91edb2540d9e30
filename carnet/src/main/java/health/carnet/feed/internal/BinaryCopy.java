package health.carnet.feed.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Rows in PostgreSQL's binary COPY format, for the importer's first loads (issue #13): the sealed
 * claims go as raw bytes instead of hexadecimal text twice their size that the server must parse
 * back, dates and times as integers. Only the column types the claim tables use.
 */
final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final long EPOCH_2000_DAYS = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long EPOCH_2000_MICROS = EPOCH_2000_DAYS * 86_400_000_000L;

    private final ByteArrayOutputStream bytes;
    private final DataOutputStream out;
    private int rows;

    BinaryCopy(int expectedBytes) {
        this.bytes = new ByteArrayOutputStream(expectedBytes);
        this.out = new DataOutputStream(bytes);
        try {
            out.write(SIGNATURE);
            out.writeInt(0); // flags: no OIDs
            out.writeInt(0); // no header extension
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    BinaryCopy row(int fields) {
        rows++;
        return write(() -> out.writeShort(fields));
    }

    BinaryCopy text(String s) {
        if (s == null) {
            return write(() -> out.writeInt(-1));
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return bytea(b);
    }

    BinaryCopy bytea(byte[] b) {
        return write(() -> {
            out.writeInt(b.length);
            out.write(b);
        });
    }

    BinaryCopy uuid(UUID id) {
        return write(() -> {
            out.writeInt(16);
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
        });
    }

    BinaryCopy date(LocalDate d) {
        return write(() -> {
            out.writeInt(4);
            out.writeInt((int) (d.toEpochDay() - EPOCH_2000_DAYS));
        });
    }

    BinaryCopy int4(int v) {
        return write(() -> {
            out.writeInt(4);
            out.writeInt(v);
        });
    }

    BinaryCopy timestamptz(Instant t) {
        long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
        return write(() -> {
            out.writeInt(8);
            out.writeLong(micros - EPOCH_2000_MICROS);
        });
    }

    int rows() {
        return rows;
    }

    /** The whole stream, trailer included. */
    byte[] finish() {
        write(() -> out.writeShort(-1));
        return bytes.toByteArray();
    }

    private interface Io {
        void run() throws IOException;
    }

    private BinaryCopy write(Io io) {
        try {
            io.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
