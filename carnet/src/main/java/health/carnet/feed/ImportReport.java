package health.carnet.feed;

import java.util.List;

/**
 * What an import did (FEED-2): lines read, claims stored (new or corrected), unchanged (the same
 * claim again), kept aside for a person without a dossier (FEED-3), insured persons registered,
 * lines rejected with their number and reason. {@code refused} says why a whole file was refused
 * (then nothing was read).
 */
public record ImportReport(String file, long read, long stored, long unchanged, long keptAside, long insured, long rejected,
                           List<Rejection> rejections, String refused, boolean alreadyImported, long resumedAtLine) {

    public record Rejection(long line, String reason) {
    }

    public static ImportReport refused(String file, String why) {
        return new ImportReport(file, 0, 0, 0, 0, 0, 0, List.of(), why, false, 0);
    }

    public boolean accepted() {
        return refused == null;
    }

    /** One line for a console or a log. */
    public String summary() {
        if (refused != null) {
            return file + ": REFUSED: " + refused;
        }
        return "%s: %d line(s) read, %d claim(s) stored, %d unchanged, %d kept aside (no dossier), %d insured person(s), %d rejected%s%s"
                .formatted(file, read, stored, unchanged, keptAside, insured, rejected,
                        resumedAtLine > 0 ? " (resumed after line " + resumedAtLine + ")" : "",
                        alreadyImported ? " (already imported: nothing new)" : "");
    }
}
