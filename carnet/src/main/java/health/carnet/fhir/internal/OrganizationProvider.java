package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.directory.Directory;
import health.carnet.shared.Finess;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

/** Organization: the structures of the directory (establishments by FINESS, private practices). */
@Component
class OrganizationProvider implements IResourceProvider {

    private final Directory directory;

    OrganizationProvider(Directory directory) {
        this.directory = directory;
    }

    @Override
    public Class<Organization> getResourceType() {
        return Organization.class;
    }

    @Read
    public Organization read(@IdParam IdType id) {
        return directory.structure(id.getIdPart()).map(DirectoryFhirMapper::organization)
                .orElseThrow(() -> new ResourceNotFoundException("No Organization " + id.getIdPart()));
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Organization.SP_NAME) StringParam name,
                                  @OptionalParam(name = Organization.SP_ADDRESS_CITY) StringParam city,
                                  @OptionalParam(name = Organization.SP_IDENTIFIER) TokenParam identifier,
                                  @Count Integer count) {
        if (identifier != null) {
            Finess finess = Finess.of(identifier.getValue());
            return new OffsetBundleProvider(count, (offset, n) -> offset > 0 ? List.of()
                    : directory.structure(finess.value()).map(DirectoryFhirMapper::organization).stream().toList());
        }
        return new OffsetBundleProvider(count, (offset, n) -> directory.searchStructures(
                        name == null ? null : name.getValue(), city == null ? null : city.getValue(), offset, n)
                .items().stream().map(DirectoryFhirMapper::organization).toList());
    }
}
