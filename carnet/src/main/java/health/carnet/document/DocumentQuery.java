package health.carnet.document;

import java.time.Instant;
import java.util.Set;

/**
 * ITI-67 filters on one dossier; null means no filter. Statuses default to all. {@code from} and
 * {@code to} bound the document's date, both inclusive; {@code archived} is PDSm's isArchived.
 */
public record DocumentQuery(Set<String> statuses, Set<String> typeCodes, Set<String> classCodes, Instant from, Instant to,
                            Set<String> labels, String authorId, Set<String> formatCodes, Boolean archived) {

    public DocumentQuery(Set<String> statuses, Set<String> typeCodes, Set<String> classCodes, Instant from, Instant to,
                         Set<String> labels, String authorId, Set<String> formatCodes) {
        this(statuses, typeCodes, classCodes, from, to, labels, authorId, formatCodes, null);
    }

    public static DocumentQuery all() {
        return new DocumentQuery(null, null, null, null, null, null, null, null, null);
    }
}
