package health.carnet.directory;

import java.util.List;

/**
 * What an import did: lines read, activities stored, and every rejected line with its number and
 * the reason (the rest of the file is imported all the same).
 */
public record ImportReport(long lines, long imported, List<Rejection> rejections) {

    public record Rejection(long line, String reason) {
    }
}
