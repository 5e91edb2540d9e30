package health.carnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.fhir.internal.CapabilityClaims;
import health.carnet.fhir.internal.FhirErrors;
import health.carnet.shared.Ins;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/**
 * Issue #11 item 8, API-1 ("a CapabilityStatement that tells the truth"): every search parameter
 * the statement lists is accepted by the server, on the fast path and on HAPI's, with a 200; the
 * IHE actors and guides are claimed; and (issue #10 item 4) no HAPI interceptor is registered that
 * the paths answered before HAPI would skip.
 */
@IntegrationTest
class CapabilityStatementTest {

    private static final String JSON_ONLY = "application/fhir+json";
    private static final String JSON_OR_XML = "application/fhir+json;q=1.0, application/fhir+xml;q=0.9";

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    ServletRegistrationBean<RestfulServer> fhirServlet;

    CapabilityStatement statement(Http http) {
        HttpResponse<String> r = http.get("/fhir/metadata", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(FhirValidation.errors(r.body())).isEmpty();
        return FhirContext.forR4Cached().newJsonParser().parseResource(CapabilityStatement.class, r.body());
    }

    static CapabilityStatementRestResourceComponent resource(CapabilityStatement cs, String type) {
        return cs.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals(type)).findFirst().orElseThrow();
    }

    static Set<String> params(CapabilityStatementRestResourceComponent r) {
        return r.getSearchParam().stream().map(p -> p.getName()).collect(Collectors.toSet());
    }

    static Set<String> interactions(CapabilityStatementRestResourceComponent r) {
        return r.getInteraction().stream().map(i -> i.getCode().toCode()).collect(Collectors.toSet());
    }

    @Test
    void api1_everySearchParameterTheStatementListsIsAcceptedOnBothPaths() {
        Http http = new Http(port);
        CapabilityStatement cs = statement(http);
        Dossier d = Demo.dossier(dossiers, "nina.legrand");
        String token = http.softwareToken(Demo.gp());
        String gp = "Practitioner/" + Demo.gp();
        Map<String, String> values = new HashMap<>(Map.ofEntries(Map.entry("status", "current"), Map.entry("category", "10"),
                Map.entry("security-label", "N"), Map.entry("author", gp), Map.entry("agent", gp), Map.entry("actor", gp),
                Map.entry("relatesTo", "DocumentReference/" + UUID.randomUUID()), Map.entry("isArchived", "false"),
                Map.entry("code", "submissionset"), Map.entry("entity", "Patient/" + d.id()), Map.entry("type", "rest"),
                Map.entry("subtype", "read"), Map.entry("outcome", "0")));
        Map<String, String> byType = Map.of("token", "x", "date", "ge2020-01-01", "reference", "x", "string", "x");

        Map<String, Set<String>> expected = Map.of(
                "DocumentReference", Set.of("patient", "status", "type", "category", "format", "security-label", "date", "author",
                        "creation", "period", "period-start", "period-end", "event", "facility", "setting", "related", "relatesTo",
                        "identifier", "isArchived"),
                "List", Set.of("patient", "code", "status", "date", "identifier", "designationType", "source", "isArchived"),
                "AuditEvent", Set.of("patient", "entity", "date", "agent", "type", "subtype", "outcome"),
                "Consent", Set.of("patient", "status", "actor", "_lastUpdated"));
        for (var e : expected.entrySet()) {
            CapabilityStatementRestResourceComponent r = resource(cs, e.getKey());
            assertThat(params(r)).as(e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue());
            for (var p : r.getSearchParam()) {
                String name = p.getName();
                if (name.equals("patient") || name.equals("source")) {
                    continue; // the base of every query below, and a chain-only parameter (source.identifier, below)
                }
                if (e.getKey().equals("Consent") && name.equals("status")) {
                    values.put("status", "active");
                }
                String value = values.getOrDefault(name, byType.get(p.getType().toCode()));
                String query = "/fhir/" + e.getKey() + "?patient=Patient/" + d.id() + "&" + name + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8);
                for (String accept : List.of(JSON_ONLY, JSON_OR_XML)) {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(http.base() + query))
                            .header("Authorization", "Bearer " + token).header("Accept", accept).build());
                    assertThat(answer.statusCode()).as(query + " (" + accept + ") " + answer.body()).isEqualTo(200);
                }
                values.put("status", "current");
            }
        }
        // the chained forms the statement documents
        for (String query : List.of("/fhir/List?patient=Patient/" + d.id() + "&source.identifier=" + enc(health.carnet.shared.Idnps.SYSTEM
                        + "|" + Demo.gp()),
                "/fhir/DocumentReference?patient.identifier=" + enc(Ins.INS_NIR_SYSTEM + "|" + d.ins().value()),
                "/fhir/DocumentReference?patient=Patient/" + d.id() + "&author.identifier=" + enc(health.carnet.shared.Idnps.SYSTEM
                        + "|" + Demo.gp()),
                "/fhir/AuditEvent?patient=Patient/" + d.id() + "&agent.identifier=" + enc(health.carnet.shared.Idnps.SYSTEM + "|" + Demo.gp()),
                "/fhir/Consent?patient.identifier=" + enc(Ins.INS_NIR_SYSTEM + "|" + d.ins().value()),
                "/fhir/Patient?identifier=" + enc(Ins.INS_NIR_SYSTEM + "|" + d.ins().value()),
                "/fhir/Patient?family=Legrand&given=Nina", "/fhir/Patient?family=Legrand&birthdate=2010-01-15")) {
            HttpResponse<String> answer = http.get(query, token);
            assertThat(answer.statusCode()).as(query + " " + answer.body()).isEqualTo(200);
        }
        assertThat(params(resource(cs, "Patient"))).containsExactlyInAnyOrder("identifier", "family", "given", "birthdate");

        // the interactions each path really serves
        assertThat(interactions(resource(cs, "DocumentReference"))).contains("read", "search-type", "patch", "delete", "create");
        assertThat(interactions(resource(cs, "Consent"))).contains("read", "vread", "search-type", "create", "update", "delete");
        assertThat(interactions(resource(cs, "AuditEvent"))).containsExactly("search-type");
        // the profiles followed, and the break-glass reason both ways
        // the canonical URLs as each guide publishes them (its CapabilityStatement's "Official URL"):
        // MHD 4.2, PDQm 3.2 (PatientDemographicsSupplier), PCF 1.1 (consentRecorder), BALP 1.1
        // (ATNA.AuditRecordRepository: the repository serving ITI-81 with BALP content), PDSm 3.1
        assertThat(cs.getInstantiates()).extracting(c -> c.getValue()).containsExactlyInAnyOrder(
                "https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentRecipient",
                "https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentResponder",
                "https://profiles.ihe.net/ITI/PDQm/CapabilityStatement/IHE.PDQm.PatientDemographicsSupplier",
                "https://profiles.ihe.net/ITI/PCF/CapabilityStatement/IHE.PCF.consentRecorder",
                "https://profiles.ihe.net/ITI/BALP/CapabilityStatement/IHE.BALP.ATNA.AuditRecordRepository");
        assertThat(cs.getImplementationGuide()).extracting(c -> c.getValue()).containsExactlyInAnyOrder(
                "https://profiles.ihe.net/ITI/MHD/ImplementationGuide/ihe.iti.mhd",
                "https://profiles.ihe.net/ITI/PDQm/ImplementationGuide/ihe.iti.pdqm",
                "https://profiles.ihe.net/ITI/PCF/ImplementationGuide/ihe.iti.pcf",
                "https://profiles.ihe.net/ITI/BALP/ImplementationGuide/ihe.iti.balp",
                "https://interop.esante.gouv.fr/ig/fhir/pdsm/ImplementationGuide/ans.fhir.fr.pdsm");
        assertThat(cs.getRestFirstRep().getSecurity().getDescription()).contains("X-Carnet-Break-Glass-Reason").contains("break_glass_reason");
    }

    /**
     * Issue #10 item 4: ITI-67 (JSON), ITI-68 (raw) and ITI-65's pre-decoding run before HAPI, so no
     * HAPI interceptor sees them. Each interceptor registered must be one the fast paths mirror:
     * FhirErrors (they write errors through FhirErrors.writeAsHapiWould), FhirInput (it checks posted resources and
     * paging values; the fast paths are GETs whose query DocumentSearch validates) and CapabilityClaims
     * (/metadata only). Registering another fails here until the fast paths do what it does.
     */
    @Test
    void noHapiInterceptorIsRegisteredThatTheFastPathsDoNotRun() {
        List<Object> interceptors = fhirServlet.getServlet().getInterceptorService().getAllRegisteredInterceptors();
        assertThat(interceptors).extracting(Object::getClass).map(c -> (Object) c)
                .containsExactlyInAnyOrder(FhirErrors.class, CapabilityClaims.class, health.carnet.fhir.internal.FhirInput.class);
        // and no paging provider: pages are stateless, each decided and audited (ACC-4)
        assertThat(fhirServlet.getServlet().getPagingProvider()).isNull();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
