package health.carnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.ReferenceClientParam;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.shared.Ins;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue #11 item 4, IHE PCF Consent Recorder: "The Consent Recorder ... shall support create and
 * update of Consent resources" and "prefer status inactive over deletion". Update (a permit turned
 * into a deny), read and vread of each version, search by patient, patient.identifier, status,
 * actor, _lastUpdated; a deny provision blocks the professional, break-glass included (ACC-3).
 */
@IntegrationTest
class ConsentRecorderTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Notifications notifications;
    Http http;
    final FhirContext ctx = FhirContext.forR4Cached();

    @BeforeEach
    void setUp() {
        http = new Http(port);
        ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    IGenericClient client(String token) {
        IGenericClient c = ctx.newRestfulGenericClient(http.base() + "/fhir");
        c.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return c;
    }

    static Consent consent(Dossier d, Consent.ConsentProvisionType type, String practitioner) {
        Consent c = new Consent();
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope").setCode("patient-privacy");
        c.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
        c.setPatient(new Reference("Patient/" + d.id()));
        c.getProvision().setType(type).addActor().setReference(new Reference("Practitioner/" + practitioner));
        return c;
    }

    HttpResponse<String> documents(Dossier d, String token, String breakGlassReason) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference?patient=Patient/" + d.id()))
                .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json");
        if (breakGlassReason != null) {
            b.header("X-Carnet-Break-Glass-Reason", breakGlassReason);
        }
        return http.send(b.build());
    }

    @Test
    void pcf_aPermitUpdatedIntoADenyBlocksTheProfessionalAndEveryVersionStaysReadable() {
        Dossier sarah = Demo.dossier(dossiers, "sarah.mercier");
        IGenericClient patient = client(new Patients(http, notifications).token("sarah.mercier"));
        String idnps = Demo.person("Marchand").idnps();
        String pro = http.softwareToken(idnps);

        MethodOutcome created = patient.create().resource(consent(sarah, Consent.ConsentProvisionType.PERMIT, idnps)).execute();
        String id = created.getId().getIdPart();
        assertThat(documents(sarah, pro, null).statusCode()).isEqualTo(200);

        // PUT: the permit becomes a deny (ACC-3: blocked, emergency included)
        Consent v1 = patient.read().resource(Consent.class).withId(id).execute();
        assertThat(FhirValidation.errors(v1)).isEmpty();
        assertThat(v1.getMeta().getVersionId()).isEqualTo("1");
        Consent deny = v1.copy();
        deny.getCategory().removeIf(c -> c.getCodingFirstRep().getSystem().equals("https://carnet.health/fhir/CodeSystem/consent-kind"));
        deny.getProvision().setType(Consent.ConsentProvisionType.DENY);
        MethodOutcome updated = patient.update().resource(deny).execute();
        assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
        Consent v2 = patient.read().resource(Consent.class).withId(id).execute();
        assertThat(FhirValidation.errors(v2)).isEmpty();
        assertThat(v2.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.DENY);
        assertThat(documents(sarah, pro, null).statusCode()).isEqualTo(403);
        HttpResponse<String> btg = documents(sarah, health.carnet.support.Tokens.forRole(idnps, "CARE", "BTG"), "détresse vitale");
        assertThat(btg.statusCode()).isEqualTo(403);
        assertThat(btg.body()).contains("ACC-3");

        // vread: version 1 is still the permit
        Consent old = patient.read().resource(Consent.class).withIdAndVersion(id, "1").execute();
        assertThat(FhirValidation.errors(old)).isEmpty();
        assertThat(old.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.PERMIT);

        // search: patient, patient.identifier, status, actor, _lastUpdated
        Bundle byActor = patient.search().forResource(Consent.class).where(Consent.PATIENT.hasId("Patient/" + sarah.id()))
                .and(new ReferenceClientParam("actor").hasId("Practitioner/" + idnps)).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(byActor)).isEmpty();
        assertThat(byActor.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(id);
        Bundle byIns = patient.search().forResource(Consent.class)
                .where(Consent.PATIENT.hasChainedProperty(org.hl7.fhir.r4.model.Patient.IDENTIFIER.exactly()
                        .systemAndCode(Ins.INS_NIR_SYSTEM, sarah.ins().value())))
                .and(new TokenClientParam("status").exactly().code("active"))
                .lastUpdated(new ca.uhn.fhir.rest.param.DateRangeParam(new java.util.Date(System.currentTimeMillis() - 3_600_000), null))
                .returnBundle(Bundle.class).execute();
        assertThat(byIns.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(id);

        // status inactive rather than deletion: the consent stays, revoked, and the block is lifted
        Consent lift = v2.copy();
        lift.setStatus(Consent.ConsentState.INACTIVE);
        patient.update().resource(lift).execute();
        Consent v3 = patient.read().resource(Consent.class).withId(id).execute();
        assertThat(v3.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(v3.getMeta().getVersionId()).isEqualTo("3");
        assertThat(documents(sarah, pro, null).statusCode()).isEqualTo(403); // no longer blocked, but not authorised either
        Bundle inactive = patient.search().forResource(Consent.class).where(Consent.PATIENT.hasId("Patient/" + sarah.id()))
                .and(new TokenClientParam("status").exactly().code("inactive")).returnBundle(Bundle.class).execute();
        assertThat(inactive.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(id);
        assertThat(FhirValidation.errors(inactive)).isEmpty();

        // a professional may not turn the patient's consent into something else (ACC-6)
        Consent byPro = v3.copy();
        byPro.setStatus(Consent.ConsentState.ACTIVE);
        assertThatThrownBy(() -> client(http.softwareToken(Demo.gp())).update().resource(byPro).execute())
                .isInstanceOf(ForbiddenOperationException.class);
    }
}
