package health.carnet.fhir.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.springframework.stereotype.Component;

/**
 * Completes the CapabilityStatement HAPI builds from the providers (their interactions and every
 * search parameter they declare, which {@code CapabilityStatementTest} checks the server accepts)
 * with what they implement: the IHE actors (MHD Document Recipient and Responder, PDQm Patient
 * Demographics Supplier, PCF Consent Recorder, BALP Audit Record Repository), the implementation
 * guides followed (IHE MHD, PDQm, PCF, BALP, ANS PDSm), the OAuth2 security and the break-glass
 * reason (header or token claim), and the formats served.
 */
@Component
@Interceptor
public class CapabilityClaims {

    static final java.util.List<String> INSTANTIATES = java.util.List.of(
            "https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentRecipient",
            "https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentResponder",
            "https://profiles.ihe.net/ITI/PDQm/CapabilityStatement/IHE.PDQm.PatientDemographicsSupplier",
            "https://profiles.ihe.net/ITI/PCF/CapabilityStatement/IHE.PCF.consentRecorder",
            "https://profiles.ihe.net/ITI/BALP/CapabilityStatement/IHE.BALP.ATNA.AuditRecordRepository");
    static final java.util.List<String> GUIDES = java.util.List.of(
            "https://profiles.ihe.net/ITI/MHD/ImplementationGuide/ihe.iti.mhd",
            "https://profiles.ihe.net/ITI/PDQm/ImplementationGuide/ihe.iti.pdqm",
            "https://profiles.ihe.net/ITI/PCF/ImplementationGuide/ihe.iti.pcf",
            "https://profiles.ihe.net/ITI/BALP/ImplementationGuide/ihe.iti.balp",
            "https://interop.esante.gouv.fr/ig/fhir/pdsm/ImplementationGuide/ans.fhir.fr.pdsm");

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void complete(IBaseConformance conformance) {
        CapabilityStatement cs = (CapabilityStatement) conformance;
        cs.setName("Carnet");
        cs.setTitle("Carnet shared medical record (DMP)");
        cs.setPublisher("Carnet");
        cs.getInstantiates().clear();
        INSTANTIATES.forEach(cs::addInstantiates);
        cs.getImplementationGuide().clear();
        GUIDES.forEach(cs::addImplementationGuide);
        cs.getFormat().clear();
        cs.addFormat("application/fhir+json");
        cs.addFormat("application/fhir+xml");
        if (!cs.getPatchFormat().stream().anyMatch(c -> "application/json-patch+json".equals(c.getValue()))) {
            cs.getPatchFormat().clear();
            cs.getPatchFormat().add(new CodeType("application/json-patch+json"));
        }
        for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
            rest.getSecurity().setCors(false).setDescription("OAuth2 bearer tokens (JWT) from a trusted issuer, with the claims"
                    + " idnps, role, profession, structure and purpose_of_use (TREAT, ETREAT, BTG). Only /metadata is public."
                    + " Break-glass (purpose_of_use BTG, EMG-2) needs a stated reason: the request header X-Carnet-Break-Glass-Reason,"
                    + " or the token claim break_glass_reason (the embedded issuer writes it from the token request's form parameter"
                    + " break_glass_reason, with scope purpose.BTG), for clients that cannot add a header per request."
                    + " Searches page statelessly with _count (at most 100) and _offset; each page is decided and audited again.")
                    .addService().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/restful-security-service")
                    .setCode("OAuth").setDisplay("OAuth");
        }
    }
}
