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
import health.carnet.directory.Directory;
import health.carnet.directory.DirectoryQuery;
import health.carnet.shared.Idnps;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Practitioner;
import org.springframework.stereotype.Component;

/** Practitioner read and search over the directory (API-1). */
@Component
class PractitionerProvider implements IResourceProvider {

    private final Directory directory;

    PractitionerProvider(Directory directory) {
        this.directory = directory;
    }

    @Override
    public Class<Practitioner> getResourceType() {
        return Practitioner.class;
    }

    @Read
    public Practitioner read(@IdParam IdType id) {
        return directory.professional(Idnps.of(id.getIdPart())).map(DirectoryFhirMapper::practitioner)
                .orElseThrow(() -> new ResourceNotFoundException("No professional with IDNPS " + id.getIdPart()));
    }

    @Search
    public IBundleProvider search(
            @Description(shortDefinition = "Family name, then given name; prefix, case and accents ignored")
            @OptionalParam(name = Practitioner.SP_NAME) StringParam name,
            @OptionalParam(name = Practitioner.SP_FAMILY) StringParam family,
            @Description(shortDefinition = "IDNPS: urn:oid:1.2.250.1.71.4.2.1|8<RPPS>")
            @OptionalParam(name = Practitioner.SP_IDENTIFIER) TokenParam identifier,
            @Description(shortDefinition = "City of one of the practitioner's activities")
            @OptionalParam(name = Practitioner.SP_ADDRESS_CITY) StringParam city,
            @Description(shortDefinition = "Specialty (TRE_R38 code) of one of the practitioner's activities")
            @OptionalParam(name = "specialty") TokenParam specialty,
            @Description(shortDefinition = "Profession (TRE_G15 code)")
            @OptionalParam(name = "profession") TokenParam profession,
            @Count Integer count) {
        if (identifier != null) {
            if (identifier.getSystem() != null && !identifier.getSystem().isBlank()
                    && !Idnps.SYSTEM.equals(identifier.getSystem())) {
                throw new InvalidRequestException("Practitioners are identified by IDNPS: use system " + Idnps.SYSTEM);
            }
            Idnps idnps = Idnps.of(identifier.getValue());
            return new OffsetBundleProvider(count, (offset, n) -> offset > 0 ? List.of()
                    : directory.professional(idnps).map(DirectoryFhirMapper::practitioner).stream().toList());
        }
        String nameText = name != null ? name.getValue() : family != null ? family.getValue() : null;
        return new OffsetBundleProvider(count, (offset, n) -> directory.searchProfessionals(new DirectoryQuery(
                        nameText, specialty == null ? null : specialty.getValue(), city == null ? null : city.getValue(),
                        profession == null ? null : profession.getValue(), offset, n))
                .items().stream().map(DirectoryFhirMapper::practitioner).toList());
    }
}
