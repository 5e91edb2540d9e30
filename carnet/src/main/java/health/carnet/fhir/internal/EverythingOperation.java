package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.dossier.Dossiers;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * {@code GET /fhir/Patient/{id}/$everything} (DOS-7: the machine-readable copy): one gate decision
 * (EXPORT_DOSSIER, audited once) whose permit reads the whole dossier as its holder may see it.
 * The policy grants it to the patient and a minor's legal representatives; everyone else is refused.
 */
@Component
class EverythingOperation implements PlainProvider {

    private final Gate gate;
    private final Dossiers dossiers;
    private final CurrentActor current;
    private final EverythingBundle everything;

    EverythingOperation(Gate gate, Dossiers dossiers, CurrentActor current, EverythingBundle everything) {
        this.gate = gate;
        this.dossiers = dossiers;
        this.current = current;
        this.everything = everything;
    }

    @Operation(name = "$everything", type = Patient.class, idempotent = true)
    public Bundle everything(@IdParam IdType id, HttpServletRequest request) {
        UUID dossierId = CurrentActor.uuid(id.getIdPart(), "Patient");
        Actor actor = current.actor();
        if (!dossiers.exists(dossierId)) {
            throw new ResourceNotFoundException("No Patient " + id.getIdPart());
        }
        Permit permit = gate.authorize(new AccessRequest(actor, Action.EXPORT_DOSSIER, dossierId), "Patient/" + dossierId + "/$everything");
        String base = request.getRequestURL().toString();
        base = base.substring(0, base.indexOf("/fhir") + "/fhir".length());
        return everything.build(permit, actor, Bundle.BundleType.SEARCHSET, base);
    }
}
