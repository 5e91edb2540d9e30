package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * Search results fetched page by page from the database when HAPI asks for them; the total is not
 * counted (size null) so a broad search over millions of rows stays as cheap as its first page.
 */
final class OffsetBundleProvider implements IBundleProvider {

    interface PageQuery {
        List<? extends IBaseResource> fetch(int offset, int count);
    }

    private final PageQuery query;
    private final String uuid = UUID.randomUUID().toString();
    private final InstantType published = new InstantType(new Date());
    private final Integer preferredPageSize;

    OffsetBundleProvider(Integer preferredPageSize, PageQuery query) {
        this.query = query;
        this.preferredPageSize = preferredPageSize;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        return List.copyOf(query.fetch(fromIndex, Math.max(0, toIndex - fromIndex)));
    }

    @Override
    public String getUuid() {
        return uuid;
    }

    @Override
    public Integer preferredPageSize() {
        return preferredPageSize;
    }

    @Override
    public Integer size() {
        return null;
    }
}
