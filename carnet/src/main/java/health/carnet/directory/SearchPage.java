package health.carnet.directory;

import java.util.List;

/** A page of results; {@code hasMore} rather than a total, so deep counts never slow a search. */
public record SearchPage<T>(List<T> items, int offset, boolean hasMore) {
}
