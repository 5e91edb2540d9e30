package health.carnet.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * SEC-4, issue #9 row 5: each input the attack found answering 500 (two with SQL in the body) now
 * gets a 4xx in the protocol's shape (an OperationOutcome on /fhir, a problem on /api, a French
 * page on the portal), names no class, holds no SQL or stack, and stores nothing.
 */
@IntegrationTest
class BadInputTest {

    /** What no error body may hold: SQL, a stack frame, a class or package name. */
    static final Pattern LEAK = Pattern.compile("SQL|PSQLException|Exception|\\bat health\\.|\\b(org|java|javax|jakarta|tools|com|ca\\.uhn)\\.[a-z]"
            + "|HAPI-0389|insert into|select .* from|Whitelabel|Apache Tomcat");

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    JdbcClient jdbc;
    Http http;
    String token;
    Dossier dossier;
    final FhirContext ctx = FhirContext.forR4Cached();

    @BeforeEach
    void setUp() {
        http = new Http(port);
        token = http.softwareToken(Demo.gp());
        dossier = Demo.dossier(dossiers, "anne.muller");
    }

    long stored() {
        return jdbc.sql("select (select count(*) from document) + (select count(*) from document_content) "
                + "+ (select count(*) from document_submission_set)").query(Long.class).single();
    }

    HttpResponse<String> send(String method, String path, String contentType, String body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + path)).header("Accept", accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (path.startsWith("/fhir") || path.startsWith("/api/pro") || path.startsWith("/api/dossiers")) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build());
    }

    /** A FHIR refusal: the status, an OperationOutcome, no leak. */
    static JsonNode outcome(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(LEAK.matcher(r.body()).find()).as("no SQL, stack or class name in " + r.body()).isFalse();
        JsonNode json = Http.json(r);
        assertThat(json.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(json.at("/issue/0/diagnostics").asText()).isNotBlank();
        return json;
    }

    /** A JSON API refusal: the status, the problem shape, no leak. */
    static JsonNode problem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(LEAK.matcher(r.body()).find()).as("no SQL, stack or class name in " + r.body()).isFalse();
        JsonNode json = Http.json(r);
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("detail").asText()).isNotBlank();
        return json;
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null, null, "application/fhir+json");
    }

    String bundle(java.util.function.Consumer<Bundle> change) {
        Bundle b = Mhd.bundle("Patient/" + dossier.id(), Demo.gp(), Mhd.Doc.pdf("bad input"));
        change.accept(b);
        return ctx.newJsonParser().encodeResourceToString(b);
    }

    static DocumentReference doc(Bundle b) {
        return (DocumentReference) b.getEntry().get(1).getResource();
    }

    HttpResponse<String> deposit(String body) {
        return send("POST", "/fhir", "application/fhir+json", body, "application/fhir+json");
    }

    String depositedId() {
        HttpResponse<String> r = deposit(bundle(b -> { }));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r).at("/entry/1/response/location").asText().split("/")[1];
    }

    @Test
    void aNulByteInASearchParameterIsRefusedBeforeAnyQuery() {
        outcome(get("/fhir/DocumentReference?patient=Patient/" + dossier.id() + "&security-label=%00"), 400);
        outcome(get("/fhir/DocumentReference?patient=Patient/" + dossier.id() + "&type=%00"), 400);
        outcome(get("/fhir/Patient?family=%00&given=x"), 400);
        outcome(get("/fhir/Practitioner?name=a%01b"), 400);
    }

    @Test
    void hugeOffsetsAndCountsAreRefused() {
        JsonNode o = outcome(get("/fhir/DocumentReference?patient=Patient/" + dossier.id() + "&_offset=2147483647"), 400);
        assertThat(o.at("/issue/0/diagnostics").asText()).contains("_offset");
        outcome(get("/fhir/DocumentReference?patient=Patient/" + dossier.id() + "&_offset=2147483647&_count=100&type=11488-4"), 400);
        outcome(get("/fhir/DocumentReference?patient=Patient/" + dossier.id() + "&_count=99999999999"), 400);
        outcome(get("/fhir/DocumentReference?patient=Patient/" + dossier.id() + "&_offset=-1"), 400);
    }

    @Test
    void modifiersAndPartialDatesTheSearchDoesNotTake() {
        outcome(get("/fhir/DocumentReference?patient:missing=true"), 400);
        outcome(get("/fhir/Patient?family=Muller&birthdate=1971"), 400);
        outcome(get("/fhir/Patient?family=Muller&birthdate=ge1971-12-01"), 400);
    }

    @Test
    void iti65TooLongIdentifierNulTextAndEntriesThatAreNotResourcesStoreNothing() {
        long before = stored();
        outcome(deposit(bundle(b -> doc(b).getMasterIdentifier().setValue("1".repeat(1024 * 1024)))), 422);
        outcome(deposit(bundle(b -> doc(b).getMasterIdentifier().setValue("urn:oid:1.2.3\u0000"))), 400);
        outcome(deposit(bundle(b -> doc(b).getType().getCodingFirstRep().setCode("11488-4\u0000"))), 400);
        outcome(deposit(bundle(b -> ((org.hl7.fhir.r4.model.ListResource) b.getEntry().get(0).getResource())
                .getIdentifierFirstRep().setValue("x".repeat(5000)))), 422);
        String valid = bundle(b -> { });
        int at = valid.indexOf("{\"resourceType\":\"DocumentReference\"");
        int end = valid.indexOf(",\"request\"", at);
        outcome(deposit(valid.substring(0, at) + "true" + valid.substring(end)), 400);
        outcome(deposit(valid.substring(0, at) + "\"a string\"" + valid.substring(end)), 400);
        outcome(deposit("[" .repeat(5000) + "]".repeat(5000)), 400);
        assertThat(stored()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void aSecurityLabelCodingWithoutCodeIsRefusedAtDepositAndPatch() {
        long before = stored();
        JsonNode o = outcome(deposit(bundle(b -> doc(b).getSecurityLabelFirstRep().getCodingFirstRep().setCode(null))), 422);
        assertThat(o.at("/issue/0/diagnostics").asText()).contains("code");
        assertThat(stored()).isEqualTo(before);
        String id = depositedId();
        outcome(send("PATCH", "/fhir/DocumentReference/" + id, "application/json-patch+json",
                "[{\"op\":\"add\",\"path\":\"/securityLabel/-\",\"value\":{\"coding\":[{\"system\":"
                        + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\"}]}}]", "application/fhir+json"), 422);
    }

    @Test
    void patchBodiesThatAreNotJsonTooDeepOrWithoutIdAndChangeNothing() {
        String id = depositedId();
        String version = Http.json(get("/fhir/DocumentReference/" + id)).at("/meta/versionId").asText();
        String path = "/fhir/DocumentReference/" + id;
        outcome(send("PATCH", path, "application/json-patch+json", "this is not JSON", "application/fhir+json"), 400);
        outcome(send("PATCH", path, "application/json-patch+json", "[".repeat(5000) + "]".repeat(5000), "application/fhir+json"), 400);
        outcome(send("PATCH", "/fhir/DocumentReference", "application/json-patch+json", "[]", "application/fhir+json"), 400);
        // PDSm: a patch outside status, securityLabel and isArchived is 405 (Method Not Allowed)
        outcome(send("PATCH", path, "application/json-patch+json", "[{\"op\":\"add\",\"path\":\"/\",\"value\":1}]",
                "application/fhir+json"), 405);
        // a label HAPI would have dropped silently (a number): refused, not ignored with a new version
        outcome(send("PATCH", path, "application/json-patch+json", "[{\"op\":\"add\",\"path\":\"/securityLabel/-\",\"value\":1}]",
                "application/fhir+json"), 400);
        outcome(send("DELETE", "/fhir/DocumentReference", null, null, "application/fhir+json"), 400);
        assertThat(Http.json(get(path)).at("/meta/versionId").asText()).as("unchanged").isEqualTo(version);
    }

    @Test
    void aNulByteInTheJsonApiIsRefusedWithTheProblemShape() {
        problem(send("POST", "/api/login", "application/json", "{\"login\":\"lea.\\u0000petit\",\"password\":\"x\"}",
                "application/json"), 400);
        problem(send("POST", "/api/creation/code", "application/json", "{\"nir\":\"\\u0000\"}", "application/json"), 400);
        problem(send("POST", "/api/pro/dossiers", "application/json", "{\"insSystem\":\"urn:oid:1.2.250.1.213.1.4.8\",\"ins\":"
                + "\"\\u0000\",\"familyName\":\"\\u0000\",\"givenNames\":\"a\",\"birthDate\":\"2000-01-01\",\"sex\":\"M\","
                + "\"carteVitaleSerial\":\"\\u0000\",\"consentMethod\":\"ORAL\"}", "application/json"), 400);
        problem(send("GET", "/api/dossiers/not-a-uuid", null, null, "application/json"), 400);
        problem(send("POST", "/api/creation/verify", "application/json", "{\"channel\":\"FAX\"}", "application/json"), 400);
    }

    @Test
    void theErrorPathsNeverAnswer500NorShowAStack() {
        problem(send("GET", "/error", null, null, "application/json"), 404);
        problem(send("GET", "/api/dossiers/" + dossier.id() + "/nothing-here", null, null, "application/json"), 404);
        problem(send("DELETE", "/api/login", null, null, "application/json"), 405);
        problem(send("POST", "/api/login", "text/plain", "x", "application/json"), 415);
        // Tomcat's own refusal of a NUL in the path, before any servlet: still Carnet's shapes
        outcome(send("GET", "/fhir/Patient/%00", null, null, "application/fhir+json"), 400);
        problem(send("GET", "/api/dossiers/%00", null, null, "application/json"), 400);
        for (String page : new String[] {"/error", "/portail/%00", "/portail/nothing-here"}) {
            HttpResponse<String> r = send("GET", page, null, null, "text/html");
            assertThat(r.statusCode()).as(page).isBetween(400, 499);
            assertThat(r.body()).contains("lang=\"fr\"").doesNotContain("Whitelabel").doesNotContain("Tomcat");
            assertThat(LEAK.matcher(r.body()).find()).as(r.body()).isFalse();
        }
    }

    /**
     * SEC-4, non-negotiable 5: the refusals HAPI writes itself (an unknown parameter, operation or
     * resource type, a body its parser cannot read, a missing Content-Type) are told in French by
     * default and in English on request, in Carnet's words: no HAPI message code, no English by default.
     */
    @Test
    void hapisOwnRefusalsAreFrenchByDefaultWithoutItsCodes_row5() {
        String id = depositedId();
        java.util.Map<String, HttpResponse<String>> french = new java.util.LinkedHashMap<>();
        java.util.function.BiFunction<String, String[], HttpResponse<String>> call = (lang, req) -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + req[1])).header("Accept", "application/fhir+json")
                    .header("Authorization", "Bearer " + token)
                    .method(req[0], req[3] == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(req[3]));
            if (req[2] != null) {
                b.header("Content-Type", req[2]);
            }
            if (lang != null) {
                b.header("Accept-Language", lang);
            }
            return http.send(b.build());
        };
        String[][] requests = {
                {"GET", "/fhir/Patient?unknown=1", null, null},
                {"GET", "/fhir/DocumentReference?patient=Patient/" + dossier.id() + "&unknown=1", null, null},
                {"GET", "/fhir/DocumentReference?patient:missing=true", null, null},
                {"GET", "/fhir/Nope/1", null, null},
                {"GET", "/fhir/DocumentReference/" + id + "/_history", null, null},
                {"PUT", "/fhir/DocumentReference/" + id, "application/fhir+json", "{}"},
                {"GET", "/fhir/Patient?birthdate=x", null, null},
                {"POST", "/fhir", "application/fhir+json", "[1,2]"},
                {"POST", "/fhir", "text/plain", "{}"},
                {"POST", "/fhir/Consent", "application/fhir+json", "{\"resourceType\":\"Patient\"}"},
                {"POST", "/fhir/Consent", "application/fhir+json", "{\"resourceType\":\"Consent\",\"status\":5}"},
                {"PATCH", "/fhir/DocumentReference/" + id, "application/xml", "[]"},
                {"PATCH", "/fhir/DocumentReference/" + id, "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"x\"}]"},
        };
        Pattern english = Pattern.compile("\\b(the|does|not|know|Invalid|Unknown|Failed|provided|found)\\b");
        for (String[] req : requests) {
            String what = req[0] + " " + req[1];
            HttpResponse<String> fr = call.apply(null, req);
            assertThat(fr.statusCode()).as(what + " " + fr.body()).isBetween(400, 499);
            String frText = outcome(fr, fr.statusCode()).at("/issue/0/diagnostics").asText();
            assertThat(frText).as(what).doesNotContain("HAPI-").doesNotContainPattern(english);
            HttpResponse<String> en = call.apply("en", req);
            String enText = outcome(en, fr.statusCode()).at("/issue/0/diagnostics").asText();
            assertThat(enText).as(what).doesNotContain("HAPI-").isNotEqualTo(frText);
        }
    }

    /**
     * SEC-4, issue #9 row 5 (bad JSON types): HAPI's parser dropped a value of the wrong JSON type
     * with a log line and the deposit was stored without it (200); now 400, in French, nothing stored.
     */
    @Test
    void aValueOfTheWrongJsonTypeIsRefusedNotDropped_row5() throws Exception {
        long before = stored();
        for (String change : new String[] {"\"context\":5", "\"custodian\":\"Organization/x\""}) {
            String body = bundle(b -> { }).replaceFirst("\"resourceType\":\"DocumentReference\",",
                    "\"resourceType\":\"DocumentReference\"," + change + ",");
            assertThat(body).contains(change);
            String text = outcome(deposit(body), 400).at("/issue/0/diagnostics").asText();
            assertThat(text).as(change).contains("type JSON").doesNotContain("HAPI-");
        }
        assertThat(stored()).isEqualTo(before);
    }

    /**
     * SEC-4: a create, an update or an ITI-65 transaction without a body (HAPI then hands the provider
     * no resource) answered 500; now 400 in the OperationOutcome shape. Tomcat's 501 for a method it does
     * not implement (CONNECT) is a 405 in Carnet's shapes: no answer in the 5xx range for a client's request.
     */
    @Test
    void anEmptyBodyAMissingIdOrAMethodTomcatDoesNotImplementIsAClientError_row5() throws Exception {
        long before = stored();
        for (String path : new String[] {"/fhir", "/fhir/DocumentReference", "/fhir/Consent", "/fhir/AllergyIntolerance"}) {
            outcome(send("POST", path, "application/fhir+json", "", "application/fhir+json"), 400);
            outcome(send("POST", path, null, null, "application/fhir+json"), 400);
        }
        outcome(send("PUT", "/fhir/DocumentReference/" + java.util.UUID.randomUUID(), "application/fhir+json", " ", "application/fhir+json"), 400);
        // GET on DocumentReference/_search reached the provider's declaring method (500): the search answers it
        assertThat(send("GET", "/fhir/DocumentReference/_search?patient=Patient/" + dossier.id(), null, null, "application/fhir+json")
                .statusCode()).isEqualTo(200);
        outcome(send("GET", "/fhir/DocumentReference/_search?_has:x=y", null, null, "application/fhir+json"), 400);
        // a DELETE without id on the Consent and patient-entered types answered 500 too (a null id)
        for (String path : new String[] {"/fhir/Consent", "/fhir/AllergyIntolerance", "/fhir/Condition"}) {
            outcome(send("DELETE", path, null, null, "application/fhir+json"), 400);
        }
        assertThat(stored()).isEqualTo(before);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("CONNECT /fhir/metadata HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/fhir+json\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 405").contains("OperationOutcome");
        }
    }

    /** SEC-4: a NUL in a form field of the portals or the issuer reached a query (500 on the portal's login); now 400, a French page. */
    @Test
    void aControlCharacterInAFormFieldIsRefusedBeforeAnyQuery_row5() {
        for (String path : new String[] {"/portail/connexion", "/portail/mot-de-passe-oublie", "/login"}) {
            HttpResponse<String> r = send("POST", path, "application/x-www-form-urlencoded",
                    "identifiant=a%00b&motDePasse=x&login=a%00b&username=a%00b&password=x", "text/html");
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(path).contains("lang=\"fr\"");
            assertThat(LEAK.matcher(r.body()).find()).as(r.body()).isFalse();
        }
    }

    /** SEC-4, non-negotiable 5: a body over the limit on /api was answered with an English OperationOutcome; now the problem shape, in French. */
    @Test
    void aBodyOverTheLimitOnTheJsonApiIsAFrenchProblem_row5() {
        String huge = "{\"login\":\"" + "a".repeat(29 * 1024 * 1024) + "\",\"password\":\"x\"}";
        JsonNode p = problem(send("POST", "/api/login", "application/json", huge, "application/json"), 413);
        assertThat(p.get("detail").asText()).contains("dépasse la limite");
    }
}
