package health.carnet.fhir;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.fhir.internal.EverythingBundle;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Service;

/**
 * The FHIR module's API for the patients' portal: the dossier as one FHIR R4 Bundle (JSON), the
 * machine-readable half of the complete copy (DOS-7), built exactly as {@code Patient/$everything} builds it.
 */
@Service
public class DossierCopy {

    private final EverythingBundle everything;
    private final FhirContext fhir;

    DossierCopy(EverythingBundle everything, FhirContext fhir) {
        this.everything = everything;
        this.fhir = fhir;
    }

    /** A collection Bundle of the export permit's dossier, as its holder may see it. */
    public String bundleJson(Permit permit, Actor actor, String base) {
        return fhir.newJsonParser().setPrettyPrint(true)
                .encodeResourceToString(everything.build(permit, actor, Bundle.BundleType.COLLECTION, base));
    }
}
