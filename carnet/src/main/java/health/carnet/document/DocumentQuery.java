package health.carnet.document;

import java.time.Instant;
import java.util.Set;

/** ITI-67 filters on one dossier; null means no filter. Statuses default to all. */
public record DocumentQuery(Set<String> statuses, Set<String> typeCodes, Set<String> classCodes, Instant from, Instant to,
                            Set<String> labels, String authorId, Set<String> formatCodes) {

    public static DocumentQuery all() {
        return new DocumentQuery(null, null, null, null, null, null, null, null);
    }
}
