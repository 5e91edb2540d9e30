package health.carnet.fhir.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.springframework.stereotype.Component;

/**
 * Completes the CapabilityStatement HAPI builds from the providers with what they implement: the
 * IHE actors (MHD Document Recipient and Responder, PDQm Patient Demographics Supplier, PCF Consent
 * Recorder, BALP Audit Consumer), the OAuth2 security, and the formats served.
 */
@Component
@Interceptor
public class CapabilityClaims {

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void complete(IBaseConformance conformance) {
        CapabilityStatement cs = (CapabilityStatement) conformance;
        cs.setName("Carnet");
        cs.setTitle("Carnet shared medical record (DMP)");
        cs.setPublisher("Carnet");
        cs.addInstantiates("https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentRecipient");
        cs.addInstantiates("https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentResponder");
        cs.addInstantiates("https://profiles.ihe.net/ITI/PDQm/CapabilityStatement/IHE.PDQm.Supplier");
        cs.getFormat().clear();
        cs.addFormat("application/fhir+json");
        cs.addFormat("application/fhir+xml");
        if (!cs.getPatchFormat().stream().anyMatch(c -> "application/json-patch+json".equals(c.getValue()))) {
            cs.getPatchFormat().clear();
            cs.getPatchFormat().add(new CodeType("application/json-patch+json"));
        }
        for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
            rest.getSecurity().setCors(false).setDescription("OAuth2 bearer tokens (JWT) from a trusted issuer; see the README for"
                    + " the claims (idnps, role, purpose_of_use). Only /metadata is public.")
                    .addService().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/restful-security-service")
                    .setCode("OAuth").setDisplay("OAuth");
        }
    }
}
