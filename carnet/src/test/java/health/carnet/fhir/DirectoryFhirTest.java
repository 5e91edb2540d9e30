package health.carnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.shared.Idnps;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The directory over FHIR, as a practice software uses it: HAPI's generic client with a real token. */
@IntegrationTest
class DirectoryFhirTest {

    @LocalServerPort
    int port;
    IGenericClient fhir;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        FhirContext ctx = FhirContext.forR4Cached();
        ctx.getRestfulClientFactory().setServerValidationMode(ca.uhn.fhir.rest.client.api.ServerValidationModeEnum.NEVER);
        fhir = ctx.newRestfulGenericClient(http.base() + "/fhir");
        fhir.registerInterceptor(new BearerTokenAuthInterceptor(http.softwareToken(Demo.gp())));
    }

    @Test
    void searchesPractitionersByNameIgnoringCaseAndAccents() {
        Bundle b = fhir.search().forResource(Practitioner.class).where(Practitioner.NAME.matches().value("LEFEVRE"))
                .returnBundle(Bundle.class).execute();
        assertThat(b.getEntry()).hasSize(1);
        Practitioner p = (Practitioner) b.getEntryFirstRep().getResource();
        assertThat(p.getNameFirstRep().getFamily()).isEqualTo("Lefèvre");
        assertThat(p.getIdentifierFirstRep().getSystem()).isEqualTo(Idnps.SYSTEM);
        assertThat(FhirValidation.errors(b)).isEmpty();
    }

    @Test
    void searchesPractitionerRolesBySpecialtyAndCityAndPagesWithNextLinks() {
        Bundle page1 = fhir.search().forResource(PractitionerRole.class)
                .where(PractitionerRole.SPECIALTY.exactly().code("SM54")).count(2).returnBundle(Bundle.class).execute();
        assertThat(page1.getEntry()).hasSize(2);
        assertThat(page1.getLink(Bundle.LINK_NEXT)).isNotNull();
        Bundle page2 = fhir.loadPage().next(page1).execute();
        assertThat(page2.getEntry()).hasSize(2);
        List<String> ids1 = page1.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
        assertThat(page2.getEntry()).noneMatch(e -> ids1.contains(e.getResource().getIdElement().getIdPart()));

        HttpResponse<String> r = http.get("/fhir/PractitionerRole?specialty=SM04&address-city=LYON", http.softwareToken(Demo.gp()));
        assertThat(r.statusCode()).isEqualTo(200);
        Bundle lyon = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, r.body());
        assertThat(lyon.getEntry()).isNotEmpty().allSatisfy(e -> {
            PractitionerRole role = (PractitionerRole) e.getResource();
            assertThat(role.getSpecialtyFirstRep().getCodingFirstRep().getCode()).isEqualTo("SM04");
        });
        assertThat(FhirValidation.errors(r.body())).isEmpty();
    }

    @Test
    void readsAPractitionerAndItsOrganization() {
        Practitioner p = fhir.read().resource(Practitioner.class).withId(Demo.gp()).execute();
        assertThat(p.getQualificationFirstRep().getCode().getCodingFirstRep().getCode()).isEqualTo("10");
        Bundle orgs = fhir.search().forResource(Organization.class).where(Organization.NAME.matches().value("hopital"))
                .returnBundle(Bundle.class).execute();
        assertThat(orgs.getEntry()).extracting(e -> ((Organization) e.getResource()).getName())
                .contains("Hôpital Édouard Herriot");
    }

    @Test
    void answersAnUnknownResourceWith404AndAMalformedIdentifierWith400() {
        assertThatThrownBy(() -> fhir.read().resource(Practitioner.class).withId("8" + Idnps.rppsWithCheckDigit("1000000999")).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> fhir.read().resource(Practitioner.class).withId("123").execute())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("IDNPS");
        HttpResponse<String> r = http.get("/fhir/Observation?code=1", http.softwareToken(Demo.gp()));
        assertThat(r.statusCode()).isIn(400, 404);
        assertThat(Http.json(r).get("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void theCapabilityStatementListsWhatIsSupportedAndIsPublic() {
        HttpResponse<String> r = http.get("/fhir/metadata", null);
        assertThat(r.statusCode()).isEqualTo(200);
        CapabilityStatement cs = FhirContext.forR4Cached().newJsonParser().parseResource(CapabilityStatement.class, r.body());
        List<String> types = cs.getRestFirstRep().getResource().stream().map(x -> x.getType()).toList();
        assertThat(types).contains("Practitioner", "PractitionerRole", "Organization", "Patient", "DocumentReference", "Binary",
                "List", "Consent", "AuditEvent", "AllergyIntolerance", "RelatedPerson");
        assertThat(cs.getRestFirstRep().getInteraction()).extracting(i -> i.getCode().toCode()).contains("transaction");
        assertThat(cs.getRestFirstRep().getResource().stream().filter(x -> x.getType().equals("DocumentReference"))
                .flatMap(x -> x.getInteraction().stream()).map(i -> i.getCode().toCode())).contains("read", "search-type", "patch", "delete");
        assertThat(cs.getInstantiates()).extracting(c -> c.getValue())
                .contains("https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentRecipient");
        // what is not implemented is not claimed
        assertThat(types).doesNotContain("Encounter", "Composition");
        assertThat(cs.getRestFirstRep().getResource().stream().filter(x -> x.getType().equals("PractitionerRole"))
                .flatMap(x -> x.getSearchParam().stream()).map(sp -> sp.getName()))
                .contains("specialty", "address-city");
        assertThat(FhirValidation.errors(r.body())).isEmpty();
    }
}
