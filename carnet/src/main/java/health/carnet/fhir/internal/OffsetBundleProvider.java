package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * One page of a search, fetched when the search runs: stateless paging (issue #11). HAPI keeps no
 * result list in memory (the server has no paging provider, so {@code _getpages} does not exist);
 * each page is a new request with {@code _offset}/{@code _count}, so its provider decides through
 * the gate and audits it like the first page (ACC-4: a withdrawn authorisation stops the next
 * page; ACC-8: so does a closed dossier). The total is not counted, except on the last page where
 * it is known for free, so a broad search over millions of rows stays as cheap as its first page.
 */
final class OffsetBundleProvider implements IBundleProvider {

    static final int DEFAULT_COUNT = 20;
    static final int MAX_COUNT = 100;

    interface PageQuery {
        List<? extends IBaseResource> fetch(int offset, int count);
    }

    private final String uuid = UUID.randomUUID().toString();
    private final InstantType published = new InstantType(new Date());
    private final int offset;
    private final int count;
    private final List<IBaseResource> page;
    private final boolean more;

    /** The page at the request's {@code _offset}; {@code count} is the client's {@code _count} (null: the default). */
    OffsetBundleProvider(Integer count, PageQuery query) {
        this(count, requestOffset(), query);
    }

    OffsetBundleProvider(Integer count, Integer offset, PageQuery query) {
        this.count = count(count);
        this.offset = offset(offset);
        // one more than the page: whether a next link is due, without counting the rest
        List<IBaseResource> fetched = new ArrayList<>(query.fetch(this.offset, this.count + 1));
        this.more = fetched.size() > this.count;
        this.page = more ? List.copyOf(fetched.subList(0, this.count)) : List.copyOf(fetched);
    }

    /** A page of a short result already in hand (a few consents, the patients a PDQm query matched). */
    static OffsetBundleProvider slice(Integer count, List<? extends IBaseResource> all) {
        return new OffsetBundleProvider(count, (offset, n) -> offset >= all.size() ? List.of()
                : all.subList(offset, Math.min(all.size(), offset + n)));
    }

    static int count(Integer count) {
        if (count == null) {
            return DEFAULT_COUNT;
        }
        if (count < 0) {
            throw new InvalidRequestException("_count is a number from 0 to " + MAX_COUNT + ".");
        }
        return Math.min(count, MAX_COUNT);
    }

    static int offset(Integer offset) {
        if (offset == null) {
            return 0;
        }
        if (offset < 0 || offset > 100_000) {
            throw new InvalidRequestException("_offset is a number from 0 to 100000; narrow the search instead.");
        }
        return offset;
    }

    /** The {@code _offset} of the current FHIR request, for providers that do not declare it. */
    private static Integer requestOffset() {
        var attrs = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (attrs instanceof org.springframework.web.context.request.ServletRequestAttributes s) {
            String v = s.getRequest().getParameter("_offset");
            if (v != null) {
                try {
                    return Integer.valueOf(v.trim());
                } catch (NumberFormatException e) {
                    throw new InvalidRequestException("_offset is a number from 0 to 100000.");
                }
            }
        }
        return null;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    /** HAPI asks for (0, n) on a first page and (0, max) once it knows the page was fetched at its offset. */
    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        return page;
    }

    @Override
    public Integer getCurrentPageOffset() {
        return offset;
    }

    @Override
    public Integer getCurrentPageSize() {
        return count;
    }

    @Override
    public String getUuid() {
        return uuid;
    }

    @Override
    public Integer preferredPageSize() {
        return count;
    }

    /** Unknown while more pages follow (HAPI then writes a next link); the true total on the last page. */
    @Override
    public Integer size() {
        return more ? null : offset + page.size();
    }
}
