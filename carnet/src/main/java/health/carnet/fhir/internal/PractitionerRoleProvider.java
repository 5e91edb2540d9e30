package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.directory.Activity;
import health.carnet.directory.Directory;
import health.carnet.directory.DirectoryQuery;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.springframework.stereotype.Component;

/** PractitionerRole: one activity of a professional (specialty, structure, role). */
@Component
class PractitionerRoleProvider implements IResourceProvider {

    private final Directory directory;

    PractitionerRoleProvider(Directory directory) {
        this.directory = directory;
    }

    @Override
    public Class<PractitionerRole> getResourceType() {
        return PractitionerRole.class;
    }

    @Read
    public PractitionerRole read(@IdParam IdType id) {
        long activityId;
        try {
            activityId = Long.parseLong(id.getIdPart());
        } catch (NumberFormatException e) {
            throw new ResourceNotFoundException("No PractitionerRole " + id.getIdPart());
        }
        Activity a = directory.activity(activityId)
                .orElseThrow(() -> new ResourceNotFoundException("No PractitionerRole " + id.getIdPart()));
        return DirectoryFhirMapper.practitionerRole(a, directory.professional(a.idnps()).orElse(null));
    }

    @Search
    public IBundleProvider search(
            @Description(shortDefinition = "Specialty, TRE_R38 code (e.g. SM54)")
            @OptionalParam(name = PractitionerRole.SP_SPECIALTY) TokenParam specialty,
            @Description(shortDefinition = "Name of the practitioner (prefix, case and accents ignored)")
            @OptionalParam(name = "practitioner-name") StringParam name,
            @Description(shortDefinition = "City of the structure (prefix, case and accents ignored)")
            @OptionalParam(name = "address-city") StringParam city,
            @Count Integer count) {
        if (specialty == null && name == null && city == null) {
            throw new InvalidRequestException("Search PractitionerRole by specialty, practitioner-name or address-city.");
        }
        return new OffsetBundleProvider(count, (offset, n) -> directory.searchActivities(new DirectoryQuery(
                        name == null ? null : name.getValue(), specialty == null ? null : specialty.getValue(),
                        city == null ? null : city.getValue(), null, offset, n))
                .items().stream().map(a -> DirectoryFhirMapper.practitionerRole(a, null)).toList());
    }
}
