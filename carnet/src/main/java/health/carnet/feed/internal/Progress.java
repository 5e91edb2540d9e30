package health.carnet.feed.internal;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The import's progress: a bar with rate and ETA on a terminal (redrawn in place), and a line in
 * the log every 10 seconds, so an operator watching either knows how far it is.
 */
public final class Progress {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final long DRAW_EVERY_NANOS = 250_000_000L;

    private final String name;
    private final long totalBytes;
    private final PrintStream terminal;
    private final long start = System.nanoTime();
    private final long startBytes;
    private long lastLog = start;
    private long lastDraw;

    private final Importer.Watcher watcher;

    /** @param terminal where to draw the bar, or null (no terminal: logs only) */
    public Progress(String name, long totalBytes, long startBytes, PrintStream terminal) {
        this(name, totalBytes, startBytes, terminal, Importer.Watcher.NONE);
    }

    Progress(String name, long totalBytes, long startBytes, PrintStream terminal, Importer.Watcher watcher) {
        this.watcher = watcher;
        this.name = name;
        this.totalBytes = totalBytes;
        this.startBytes = startBytes;
        this.terminal = terminal;
    }

    void update(long bytes, long lines, boolean last) {
        watcher.progress(bytes, totalBytes, lines);
        if (!last && watcher.cancelled()) {
            throw new Importer.Cancelled(name, lines);
        }
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        double rate = lines / seconds;
        double fraction = totalBytes > 0 ? Math.min(1.0, (double) bytes / totalBytes) : 0;
        double bytesRate = (bytes - startBytes) / seconds;
        long eta = bytesRate > 0 && totalBytes > 0 ? (long) ((totalBytes - bytes) / bytesRate) : -1;
        if (terminal != null && (last || now - lastDraw >= DRAW_EVERY_NANOS)) {
            lastDraw = now;
            int width = 30;
            int filled = (int) (fraction * width);
            terminal.print("\r" + name + " [" + "#".repeat(filled) + "-".repeat(width - filled) + "] "
                    + "%3d%% %,d lines %,.0f lines/s ETA %s   ".formatted((int) (fraction * 100), lines, rate, eta < 0 ? "?" : time(eta)));
            if (last) {
                terminal.println();
            }
            terminal.flush();
        }
        if (last || now - lastLog >= LOG_EVERY_NANOS) {
            lastLog = now;
            log.info("feed import {}: {}% ({} lines, {} lines/s, ETA {})", name, (int) (fraction * 100), lines, (long) rate,
                    eta < 0 ? "?" : time(eta));
        }
    }

    private static String time(long s) {
        return s >= 3600 ? "%dh%02dm".formatted(s / 3600, s / 60 % 60) : "%dm%02ds".formatted(s / 60, s % 60);
    }
}
