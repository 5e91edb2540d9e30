package health.carnet.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** HAPI's offline validator against base FHIR R4, loaded once per test run (its first use takes seconds). */
public final class FhirValidation {
    private static FhirValidator validator;

    private FhirValidation() {
    }

    private static synchronized FhirValidator validator() {
        if (validator == null) {
            FhirContext ctx = FhirContext.forR4Cached();
            ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                    new CommonCodeSystemsTerminologyService(ctx), new InMemoryTerminologyServerValidationSupport(ctx),
                    new SnapshotGeneratingValidationSupport(ctx));
            FhirInstanceValidator module = new FhirInstanceValidator(chain);
            // French code systems are not in the base package: unknown systems are not errors here
            module.setAnyExtensionsAllowed(true);
            validator = ctx.newValidator().registerValidatorModule(module);
        }
        return validator;
    }

    /** Error-level messages of validating the resource (empty when valid). */
    public static String errors(String json) {
        ValidationResult result = validator().validateWithResult(json);
        return result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .filter(m -> !m.getMessage().contains("could not be resolved") && !m.getMessage().contains("Unknown code system")
                        && !m.getMessage().contains("CodeSystem is unknown"))
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .collect(Collectors.joining("\n"));
    }

    public static String errors(IBaseResource resource) {
        return errors(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(resource));
    }
}
