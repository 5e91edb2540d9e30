package health.carnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.carnet.demo.DemoPatients;
import health.carnet.document.DocumentRules;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.shared.Ins;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import health.carnet.support.Tokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Issue #11, conformance: each numbered point, as a client written from the IHE and ANS
 * specifications would exercise it (HAPI's generic client, real tokens), every FHIR body validated
 * with HAPI's offline validator.
 */
@IntegrationTest
class FhirConformanceTest {

    private static final String JSON_ONLY = "application/fhir+json";
    private static final String JSON_OR_XML = "application/fhir+json;q=1.0, application/fhir+xml;q=0.9";

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
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

    HttpResponse<String> get(String pathAndQuery, String token, String accept) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + pathAndQuery)).header("Authorization", "Bearer " + token)
                .header("Accept", accept).build());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A document with the context a practice software fills: event, facility, setting, period, creation, related. */
    static DocumentReference withContext(DocumentReference d) {
        d.getContext().addEvent(new CodeableConcept(new Coding("urn:oid:1.2.250.1.213.2.5", "GLQP012", "Echographie")));
        d.getContext().setFacilityType(new CodeableConcept(new Coding("urn:oid:1.2.250.1.71.4.2.4", "SA07", "Cabinet individuel")));
        d.getContext().setPracticeSetting(new CodeableConcept(new Coding("urn:oid:1.2.250.1.213.1.1.4.9", "ETABLISSEMENT", "Etablissement")));
        d.getContext().getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2024-03-01T10:00:00+01:00"))
                .setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2024-03-01T11:00:00+01:00"));
        d.getContext().addRelated(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier().setValue("ORDER-42")));
        d.getContentFirstRep().getAttachment().setCreationElement(new org.hl7.fhir.r4.model.DateTimeType("2024-03-01T12:00:00+01:00"));
        return d;
    }

    String depositWithContext(IGenericClient gp, Dossier d) {
        Bundle b = Mhd.bundle("Patient/" + d.id(), Demo.gp(), Mhd.Doc.pdf("échographie"));
        withContext((DocumentReference) b.getEntry().get(1).getResource());
        Bundle r = gp.transaction().withBundle(b).execute();
        return r.getEntry().get(1).getResponse().getLocation().split("/")[1];
    }

    String deposit(IGenericClient gp, Dossier d) {
        Bundle r = gp.transaction().withBundle(Mhd.bundle("Patient/" + d.id(), Demo.gp(), Mhd.Doc.pdf("simple"))).execute();
        return r.getEntry().get(1).getResponse().getLocation().split("/")[1];
    }

    /** The ids a search returns, on the JSON fast path and on HAPI's path, which must agree; both bodies valid. */
    List<String> ids(String query, String token) {
        HttpResponse<String> fast = get("/fhir/DocumentReference?" + query, token, JSON_ONLY);
        HttpResponse<String> hapi = get("/fhir/DocumentReference?" + query, token, JSON_OR_XML);
        assertThat(fast.statusCode()).as(fast.body()).isEqualTo(200);
        assertThat(hapi.statusCode()).as(hapi.body()).isEqualTo(200);
        assertThat(FhirValidation.errors(fast.body())).isEmpty();
        assertThat(FhirValidation.errors(hapi.body())).isEmpty();
        List<String> a = new java.util.ArrayList<>();
        List<String> b = new java.util.ArrayList<>();
        Http.json(fast).path("entry").forEach(e -> a.add(e.at("/resource/id").asText()));
        Http.json(hapi).path("entry").forEach(e -> b.add(e.at("/resource/id").asText()));
        assertThat(a).as("the fast path and HAPI answer " + query + " alike").isEqualTo(b);
        return a;
    }

    /**
     * Issue #11 item 1, ITI-66 (MHD 4.2 §2:3.66.4.1.2.1): "The Document Responder shall support
     * the following search parameters: patient, patient.identifier, code, status, ...designationType,
     * source.identifier, date".
     */
    @Test
    void iti66_findsSubmissionSetsWithTheParametersMhdDefines() {
        Dossier nina = Demo.dossier(dossiers, "nina.legrand");
        IGenericClient gp = client(http.softwareToken(Demo.gp()));
        deposit(gp, nina);
        String token = http.softwareToken(Demo.gp());
        String base = "/fhir/List?patient=Patient/" + nina.id();
        for (String q : List.of(base + "&code=submissionset&status=current",
                base + "&code=" + enc("https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes|submissionset") + "&status=current",
                "/fhir/List?patient.identifier=" + enc(Ins.INS_NIR_SYSTEM + "|" + nina.ins().value()) + "&code=submissionset&status=current",
                base + "&code=submissionset&date=ge2020-01-01&date=le2100-01-01",
                base + "&code=submissionset&source.identifier=" + enc("urn:oid:1.2.250.1.71.4.2.1|" + Demo.gp()))) {
            HttpResponse<String> r = get(q, token, JSON_ONLY);
            assertThat(r.statusCode()).as(q + " " + r.body()).isEqualTo(200);
            assertThat(FhirValidation.errors(r.body())).isEmpty();
            assertThat(Http.json(r).path("entry").size()).as(q).isGreaterThanOrEqualTo(1);
        }
        for (String q : List.of(base + "&code=folder", base + "&code=submissionset&status=retired",
                base + "&code=submissionset&date=lt2000-01-01", base + "&code=submissionset&designationType=" + enc("http://loinc.org|1234-5"),
                base + "&code=submissionset&source.identifier=" + enc("urn:oid:1.2.250.1.71.4.2.1|" + Demo.person("Bernard").idnps()))) {
            HttpResponse<String> r = get(q, token, JSON_ONLY);
            assertThat(r.statusCode()).as(q + " " + r.body()).isEqualTo(200);
            assertThat(Http.json(r).path("entry").size()).as(q).isZero();
        }
        // the HAPI client's way
        Bundle viaClient = gp.search().forResource(ListResource.class)
                .where(ListResource.PATIENT.hasId("Patient/" + nina.id()))
                .and(ListResource.CODE.exactly().code("submissionset"))
                .and(new TokenClientParam("status").exactly().code("current")).returnBundle(Bundle.class).execute();
        assertThat(viaClient.getEntry()).isNotEmpty();
        assertThat(FhirValidation.errors(viaClient)).isEmpty();
        // no patient: MHD requires one
        assertThat(get("/fhir/List?code=submissionset", token, JSON_ONLY).statusCode()).isEqualTo(400);
    }

    /**
     * Issue #11 item 2, ITI-67 (MHD 4.2 §2:3.67.4.1.2.1 and PDSm 3.1 "Recherche de fiche"): status
     * with and without its system, creation, period, event, facility, setting, related, identifier,
     * isArchived, on the fast path and HAPI's path alike (issue #10 item 4: one query type).
     */
    @Test
    void iti67_acceptsEveryParameterOfMhdAndPdsmOnBothPaths() {
        Dossier nina = Demo.dossier(dossiers, "nina.legrand");
        IGenericClient gp = client(http.softwareToken(Demo.gp()));
        String rich = depositWithContext(gp, nina);
        String plain = deposit(gp, nina);
        String token = http.softwareToken(Demo.gp());
        String p = "patient=Patient/" + nina.id() + "&_count=100";

        assertThat(ids(p + "&status=current", token)).contains(rich, plain);
        assertThat(ids(p + "&status=" + enc("http://hl7.org/fhir/document-reference-status|current"), token)).contains(rich, plain);
        assertThat(ids(p + "&creation=ge2024-03-01&creation=le2024-03-02", token)).contains(rich).doesNotContain(plain);
        assertThat(ids(p + "&period=2024-03-01", token)).contains(rich).doesNotContain(plain);
        assertThat(ids(p + "&period-start=ge2024-03-01T08:00:00Z", token)).contains(rich).doesNotContain(plain);
        assertThat(ids(p + "&period-end=le2024-03-02", token)).contains(rich).doesNotContain(plain);
        assertThat(ids(p + "&event=" + enc("urn:oid:1.2.250.1.213.2.5|GLQP012"), token)).containsExactly(rich);
        assertThat(ids(p + "&facility=SA07", token)).containsExactly(rich);
        assertThat(ids(p + "&setting=ETABLISSEMENT", token)).containsExactly(rich);
        assertThat(ids(p + "&related=ORDER-42", token)).containsExactly(rich);
        assertThat(ids(p + "&event=OTHER", token)).isEmpty();
        assertThat(ids(p + "&type=" + enc("http://loinc.org|11488-4") + "&category=10&format="
                + enc("urn:ihe:iti:xds:2017:mimeTypeSufficient") + "&security-label=N&date=ge2020-01-01", token)).contains(rich, plain);
        assertThat(ids(p + "&isArchived=false", token)).contains(rich, plain);
        assertThat(ids(p + "&isArchived=true", token)).doesNotContain(rich, plain);
        // paging keeps every parameter: the next link of a filtered search stays filtered
        HttpResponse<String> page = get("/fhir/DocumentReference?" + p.replace("_count=100", "_count=1") + "&facility=SA07&status=current",
                token, JSON_ONLY);
        assertThat(Http.json(page).path("link").toString()).doesNotContain("\"next\"");

        // a malformed value is a 400 OperationOutcome on both paths; an unknown parameter too
        for (String bad : List.of("&creation=yesterday", "&isArchived=maybe", "&_count=-1", "&unknown=1")) {
            for (String accept : List.of(JSON_ONLY, JSON_OR_XML)) {
                HttpResponse<String> r = get("/fhir/DocumentReference?" + p + bad, token, accept);
                assertThat(r.statusCode()).as(bad + " " + accept + " " + r.body()).isEqualTo(400);
                assertThat(FhirValidation.errors(r.body())).isEmpty();
            }
        }

        // HAPI's generic client, which sends JSON-or-XML: the same parameters through HAPI
        Bundle viaClient = gp.search().forResource(DocumentReference.class).where(DocumentReference.PATIENT.hasId("Patient/" + nina.id()))
                .and(DocumentReference.FACILITY.exactly().code("SA07")).and(DocumentReference.SETTING.exactly().code("ETABLISSEMENT"))
                .returnBundle(Bundle.class).execute();
        assertThat(viaClient.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(rich);
    }

    /**
     * Issue #11 item 7, PDSm "Mise à jour des métadonnées": a conditional PATCH on the business
     * identifier (JSON Patch), limited to status, securityLabel and the isArchived extension;
     * anything else 405; success 200 with a new meta.versionId; isArchived filtered by ITI-66/67.
     */
    @Test
    void pdsm_metadataUpdateIsAConditionalPatchOnTheIdentifierLimitedToThreePaths() {
        Dossier nina = Demo.dossier(dossiers, "nina.legrand");
        String token = http.softwareToken(Demo.gp());
        IGenericClient gp = client(token);
        String id = deposit(gp, nina);
        DocumentReference before = gp.read().resource(DocumentReference.class).withId(id).execute();
        String uniqueId = before.getMasterIdentifier().getValue();
        String archive = "[{\"op\":\"add\",\"path\":\"/extension\",\"value\":[{\"url\":"
                + "\"http://esante.gouv.fr/cisis/fhir/StructureDefinition/PDSm_isArchived\",\"valueBoolean\":true}]}]";

        MethodOutcome archived = gp.patch().withBody(archive).conditional(DocumentReference.class)
                .where(DocumentReference.IDENTIFIER.exactly().systemAndCode("urn:ietf:rfc:3986", uniqueId)).execute();
        DocumentReference after = (DocumentReference) archived.getResource();
        assertThat(FhirValidation.errors(after)).isEmpty();
        assertThat(Integer.parseInt(after.getMeta().getVersionId())).isGreaterThan(Integer.parseInt(before.getMeta().getVersionId()));
        assertThat(after.getExtensionByUrl("http://esante.gouv.fr/cisis/fhir/StructureDefinition/PDSm_isArchived").getValue()
                .primitiveValue()).isEqualTo("true");
        assertThat(after.getStatus()).isEqualTo(Enumerations.DocumentReferenceStatus.CURRENT);
        String p = "patient=Patient/" + nina.id() + "&_count=100";
        assertThat(ids(p + "&isArchived=true", token)).contains(id);
        assertThat(ids(p + "&isArchived=false", token)).doesNotContain(id);
        // ITI-66 too: the set whose only document is archived is an archived set
        HttpResponse<String> archivedSets = get("/fhir/List?patient=Patient/" + nina.id() + "&isArchived=true&_count=100", token, JSON_ONLY);
        assertThat(archivedSets.statusCode()).isEqualTo(200);
        assertThat(FhirValidation.errors(archivedSets.body())).isEmpty();
        assertThat(archivedSets.body()).contains("DocumentReference/" + id);
        assertThat(get("/fhir/List?patient=Patient/" + nina.id() + "&isArchived=false&_count=100", token, JSON_ONLY).body())
                .doesNotContain("DocumentReference/" + id);

        // anything but status, securityLabel and isArchived: 405 with an OperationOutcome, nothing changed
        assertThatThrownBy(() -> gp.patch().withBody("[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"autre\"}]")
                .withId("DocumentReference/" + id).execute())
                .isInstanceOf(BaseServerResponseException.class)
                .satisfies(e -> assertThat(((BaseServerResponseException) e).getStatusCode()).isEqualTo(405))
                .satisfies(e -> assertThat(FhirValidation.errors(((BaseServerResponseException) e).getResponseBody())).isEmpty());
        // status: entered-in-error is the deletion (DOC-4), and ITI-68 then answers 410
        MethodOutcome deleted = gp.patch().withBody("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"entered-in-error\"}]")
                .withId("DocumentReference/" + id).execute();
        assertThat(((DocumentReference) deleted.getResource()).getStatus()).isEqualTo(Enumerations.DocumentReferenceStatus.ENTEREDINERROR);
        HttpResponse<String> gone = get("/fhir/Binary/" + id, token, "application/pdf");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(FhirValidation.errors(gone.body())).isEmpty();
        // an unknown identifier: 404
        assertThatThrownBy(() -> gp.patch().withBody(archive).conditional(DocumentReference.class)
                .where(DocumentReference.IDENTIFIER.exactly().systemAndCode("urn:ietf:rfc:3986", "urn:oid:1.2.3.nothing")).execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    /** Issue #11 item 7, ITI-105 Simplified Publish (MHD 4.2 §2:3.105): POST DocumentReference, content inline; 201; errors as OperationOutcomes. */
    @Test
    void iti105_simplifiedPublishDepositsAnInlineDocument() {
        Dossier nina = Demo.dossier(dossiers, "nina.legrand");
        IGenericClient gp = client(http.softwareToken(Demo.gp()));
        byte[] pdf = Mhd.pdf("publication simplifiée");
        DocumentReference d = (DocumentReference) Mhd.bundle("Patient/" + nina.id(), Demo.gp(), Mhd.Doc.pdf("x")).getEntry().get(1).getResource();
        d.getContentFirstRep().getAttachment().setUrl(null).setData(pdf).setSize(pdf.length).setHash(Mhd.sha1(pdf));
        MethodOutcome created = gp.create().resource(d).execute();
        assertThat(created.getCreated()).isTrue();
        String id = created.getId().getIdPart();
        DocumentReference stored = gp.read().resource(DocumentReference.class).withId(id).execute();
        assertThat(FhirValidation.errors(stored)).isEmpty();
        HttpResponse<byte[]> bytes = http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Binary/" + id))
                .header("Authorization", "Bearer " + http.softwareToken(Demo.gp())).header("Accept", "application/pdf").build());
        assertThat(bytes.body()).isEqualTo(pdf);

        DocumentReference unknown = d.copy();
        unknown.getMasterIdentifier().setValue("urn:oid:1.2.250.1.999.2." + System.nanoTime());
        unknown.setSubject(new Reference("Patient/" + java.util.UUID.randomUUID()));
        assertThatThrownBy(() -> gp.create().resource(unknown).execute()).isInstanceOf(ResourceNotFoundException.class);
        DocumentReference noType = d.copy();
        noType.getMasterIdentifier().setValue("urn:oid:1.2.250.1.999.3." + System.nanoTime());
        noType.setType(null);
        assertThatThrownBy(() -> gp.create().resource(noType).execute())
                .isInstanceOf(BaseServerResponseException.class)
                .satisfies(e -> assertThat(((BaseServerResponseException) e).getStatusCode()).isEqualTo(422))
                .satisfies(e -> assertThat(FhirValidation.errors(((BaseServerResponseException) e).getResponseBody())).isEmpty());
    }

    /**
     * Issue #11 item 5, ACC-1: "Every other role (CPAM agent, admin staff, ...) is refused, and the
     * refusal audited". PDQm answers them 403 with an OperationOutcome naming ACC-1, not an empty
     * Bundle, and the patient's history records it.
     */
    @Test
    void acc1_pdqmRefusesNonCareRolesAndTheRefusalIsInThePatientsHistory() {
        Dossier yves = Demo.dossier(dossiers, "yves.gauthier");
        String admin = http.softwareToken(Demo.person("Marie").idnps());
        String cpam = Tokens.forRole(Demo.person("Noël").idnps(), "CPAM", "TREAT");
        for (String token : List.of(admin, cpam)) {
            assertThatThrownBy(() -> client(token).search().forResource(Patient.class)
                    .where(Patient.IDENTIFIER.exactly().systemAndCode(Ins.INS_NIR_SYSTEM, yves.ins().value()))
                    .returnBundle(Bundle.class).execute())
                    .isInstanceOf(ForbiddenOperationException.class)
                    .satisfies(e -> assertThat(((BaseServerResponseException) e).getResponseBody()).contains("ACC-1"))
                    .satisfies(e -> assertThat(FhirValidation.errors(((BaseServerResponseException) e).getResponseBody())).isEmpty());
        }
        // a care professional still finds the patient
        Bundle found = client(http.softwareToken(Demo.gp())).search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode(Ins.INS_NIR_SYSTEM, yves.ins().value())).returnBundle(Bundle.class).execute();
        assertThat(found.getEntry()).hasSize(1);
        assertThat(FhirValidation.errors(found)).isEmpty();
        // AUD-1: both refusals are in the patient's history, as refused (outcome 4)
        String patient = new Patients(http, notifications).token("yves.gauthier");
        Bundle refused = client(patient).search().forResource(AuditEvent.class).where(AuditEvent.PATIENT.hasId("Patient/" + yves.id()))
                .and(AuditEvent.OUTCOME.exactly().code("4")).count(100).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(refused)).isEmpty();
        assertThat(refused.getEntry()).extracting(e -> ((AuditEvent) e.getResource()).getAgentFirstRep().getWho().getIdentifier().getValue())
                .contains(Demo.person("Marie").idnps(), Demo.person("Noël").idnps());
        assertThat(refused.getEntry()).allSatisfy(e -> assertThat(((AuditEvent) e.getResource()).getOutcome())
                .isEqualTo(AuditEvent.AuditEventOutcome._4));
    }

    /**
     * Issue #11, ACC-1 and "every decision audited exactly as taken": a non-care role's PDQm search
     * that names no dossier (by name, or an INS nobody holds) is refused 403 all the same, and the
     * refusal is recorded (with no patient to record it for, in the trail's dossier-less entries).
     */
    @Test
    void acc1_aNonCareSearchThatMatchesNoDossierIsRefusedAndAudited() {
        String idnps = Demo.person("Marie").idnps();
        String admin = http.softwareToken(idnps);
        long before = health.carnet.support.AuditEntries.withoutDossierBy(jdbc, idnps, 1).stream()
                .mapToLong(health.carnet.audit.AuditRecord::id).max().orElse(0);
        List<Runnable> searches = List.of(
                () -> client(admin).search().forResource(Patient.class).where(Patient.FAMILY.matches().value("Nobody"))
                        .and(Patient.GIVEN.matches().value("Anyone")).returnBundle(Bundle.class).execute(),
                () -> client(admin).search().forResource(Patient.class)
                        .where(Patient.IDENTIFIER.exactly().systemAndCode(Ins.INS_NIR_SYSTEM, "299127512345631"))
                        .returnBundle(Bundle.class).execute());
        for (Runnable search : searches) {
            assertThatThrownBy(search::run).isInstanceOf(ForbiddenOperationException.class)
                    .satisfies(e -> assertThat(((BaseServerResponseException) e).getResponseBody()).contains("ACC-1"))
                    .satisfies(e -> assertThat(FhirValidation.errors(((BaseServerResponseException) e).getResponseBody())).isEmpty());
        }
        List<health.carnet.audit.AuditRecord> recorded = health.carnet.support.AuditEntries.withoutDossierBy(jdbc, idnps, 10)
                .stream().filter(a -> a.id() > before).toList();
        assertThat(recorded).hasSize(2).allSatisfy(a -> {
            assertThat(a.action()).isEqualTo("LOOKUP_PATIENT");
            assertThat(a.outcome()).isEqualTo("DENY");
            assertThat(a.rule()).isEqualTo("ACC-1");
        });
    }

    /**
     * Issue #11 item 6, EMG-2: the break-glass reason may come from the token (claim
     * break_glass_reason, asked at the token request) as well as from the header.
     */
    @Test
    void emg2_theBreakGlassReasonMayComeFromTheToken() {
        Dossier paul = Demo.dossier(dossiers, "paul.vincent");
        String idnps = Demo.person("Mathieu").idnps();
        // no reason at all: refused
        String bare = http.softwareToken(idnps, "fhir", "purpose.BTG");
        assertThat(get("/fhir/DocumentReference?patient=Patient/" + paul.id(), bare, JSON_ONLY).statusCode()).isEqualTo(403);
        // the reason stated at the token request
        HttpResponse<String> tokenResponse = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("lps-" + idnps + ":demo-secret")
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(Map.of("grant_type", "client_credentials",
                        "scope", "fhir purpose.BTG", "break_glass_reason", "inconscient aux urgences")))).build());
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        String token = Http.json(tokenResponse).get("access_token").asText();
        Bundle b = client(token).search().forResource(DocumentReference.class).where(DocumentReference.PATIENT.hasId("Patient/" + paul.id()))
                .returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(b)).isEmpty();
        // the history carries the access mode and the reason (BALP purposeOfEvent)
        String patient = new Patients(http, notifications).token("paul.vincent");
        Bundle history = client(patient).search().forResource(AuditEvent.class).where(AuditEvent.PATIENT.hasId("Patient/" + paul.id()))
                .and(AuditEvent.AGENT.hasChainedProperty(org.hl7.fhir.r4.model.Practitioner.IDENTIFIER.exactly()
                        .systemAndCode("urn:oid:1.2.250.1.71.4.2.1", idnps)))
                .and(AuditEvent.OUTCOME.exactly().code("0")).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(history)).isEmpty();
        assertThat(history.getEntry()).isNotEmpty().anySatisfy(e -> {
            AuditEvent ev = (AuditEvent) e.getResource();
            assertThat(ev.getPurposeOfEventFirstRep().getCoding()).extracting(Coding::getCode).contains("BTG", "bris_de_glace");
            assertThat(ev.getPurposeOfEventFirstRep().getText()).isEqualTo("inconscient aux urgences");
        });
    }

    /**
     * Issue #11 item 3, BALP / AUD-2: AuditEvent?patient=…&date=ge…, ?entity=Patient/…&date=…,
     * entity=DocumentReference/…, agent, agent.identifier, type, subtype, outcome, _count and paging,
     * newest first; events shaped as BALP's: agent with identifier and role, entity with the patient
     * and the document.
     */
    @Test
    void aud2_auditEventSearchTakesBalpsParametersNewestFirst() {
        Dossier nina = Demo.dossier(dossiers, "nina.legrand");
        String gpToken = http.softwareToken(Demo.gp());
        IGenericClient gp = client(gpToken);
        String doc = deposit(gp, nina);
        for (int i = 0; i < 6; i++) {
            gp.read().resource(DocumentReference.class).withId(doc).execute();
        }
        IGenericClient patient = client(new Patients(http, notifications).token("nina.legrand"));
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();

        Bundle byPatient = patient.search().forResource(AuditEvent.class).where(AuditEvent.PATIENT.hasId("Patient/" + nina.id()))
                .and(AuditEvent.DATE.afterOrEquals().day(today)).count(5).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(byPatient)).isEmpty();
        assertThat(byPatient.getEntry()).hasSize(5);
        List<Date> recorded = byPatient.getEntry().stream().map(e -> ((AuditEvent) e.getResource()).getRecorded()).toList();
        assertThat(recorded).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        Bundle next = patient.loadPage().next(byPatient).execute();
        assertThat(next.getEntry()).isNotEmpty();
        assertThat(FhirValidation.errors(next)).isEmpty();

        Bundle byEntity = patient.search().forResource(AuditEvent.class).where(AuditEvent.ENTITY.hasId("Patient/" + nina.id()))
                .and(AuditEvent.DATE.afterOrEquals().day(today)).and(AuditEvent.DATE.beforeOrEquals().day("2100-01-01"))
                .count(100).returnBundle(Bundle.class).execute();
        assertThat(byEntity.getEntry()).hasSizeGreaterThanOrEqualTo(byPatient.getEntry().size());

        Bundle aboutDoc = patient.search().forResource(AuditEvent.class).where(AuditEvent.ENTITY.hasId("DocumentReference/" + doc))
                .count(100).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(aboutDoc)).isEmpty();
        assertThat(aboutDoc.getEntry()).isNotEmpty().allSatisfy(e -> {
            AuditEvent ev = (AuditEvent) e.getResource();
            assertThat(ev.getEntity()).anySatisfy(x -> assertThat(x.getWhat().getReference()).isEqualTo("DocumentReference/" + doc));
            assertThat(ev.getEntity()).anySatisfy(x -> assertThat(x.getWhat().getReference()).isEqualTo("Patient/" + nina.id()));
        });
        // the GP's read: agent with its IDNPS and profession, subtype "read", outcome success
        Bundle reads = patient.search().forResource(AuditEvent.class).where(AuditEvent.PATIENT.hasId("Patient/" + nina.id()))
                .and(AuditEvent.AGENT.hasId("Practitioner/" + Demo.gp()))
                .and(AuditEvent.SUBTYPE.exactly().systemAndCode("http://hl7.org/fhir/restful-interaction", "read"))
                .and(AuditEvent.TYPE.exactly().code("rest")).and(AuditEvent.OUTCOME.exactly().code("0"))
                .count(100).returnBundle(Bundle.class).execute();
        assertThat(FhirValidation.errors(reads)).isEmpty();
        assertThat(reads.getEntry()).isNotEmpty().allSatisfy(e -> {
            AuditEvent ev = (AuditEvent) e.getResource();
            assertThat(ev.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo(Demo.gp());
            assertThat(ev.getAgentFirstRep().getRoleFirstRep().getCodingFirstRep().getCode()).isEqualTo("10");
            assertThat(ev.getSubtype()).extracting(Coding::getCode).contains("read");
        });
        // by rule id (a subtype of Carnet's rule system): the deposits the médecin traitant made
        Bundle byRule = patient.search().forResource(AuditEvent.class).where(AuditEvent.PATIENT.hasId("Patient/" + nina.id()))
                .and(AuditEvent.SUBTYPE.exactly().code("ACC-6")).count(100).returnBundle(Bundle.class).execute();
        assertThat(byRule.getEntry()).isNotEmpty().allSatisfy(e -> assertThat(((AuditEvent) e.getResource()).getSubtype())
                .extracting(Coding::getCode).contains("ACC-6"));
        // the dossier is required (AUD-2: one dossier's history)
        HttpResponse<String> none = get("/fhir/AuditEvent?date=ge" + today, gpToken, JSON_ONLY);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(FhirValidation.errors(none.body())).isEmpty();
    }

    /** Fast path and HAPI agree on a search's envelope too: the next link of one is followed by the other. */
    @Test
    void iti67_bothPathsFollowEachOthersStatelessLinks() {
        Dossier nina = Demo.dossier(dossiers, "nina.legrand");
        String token = http.softwareToken(Demo.gp());
        deposit(client(token), nina);
        deposit(client(token), nina);
        HttpResponse<String> fast = get("/fhir/DocumentReference?patient=Patient/" + nina.id() + "&status=current&_count=1", token, JSON_ONLY);
        JsonNode next = null;
        for (JsonNode l : Http.json(fast).get("link")) {
            if (l.get("relation").asText().equals("next")) {
                next = l.get("url");
            }
        }
        assertThat(next).isNotNull();
        assertThat(next.asText()).contains("status=current").contains("_offset=1");
        HttpResponse<String> viaHapi = http.send(HttpRequest.newBuilder(URI.create(next.asText())).header("Authorization", "Bearer " + token)
                .header("Accept", JSON_OR_XML).build());
        assertThat(viaHapi.statusCode()).isEqualTo(200);
        assertThat(FhirValidation.errors(viaHapi.body())).isEmpty();
        assertThat(Http.json(viaHapi).path("entry").size()).isEqualTo(1);
        assertThat(DocumentRules.VISIBILITY).isNotEmpty();
        assertThat(DemoPatients.byLogin("nina.legrand")).isNotNull();
    }
}
