package health.carnet.document;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * ITI-67 in JSON is answered before HAPI (SearchDocuments): the same decisions, hidden documents
 * dropped before paging, the same rendered resources as HAPI's answer, stateless _offset paging
 * that both paths follow, and valid searchset Bundles.
 */
@IntegrationTest
class SearchDocumentsTest {

    private static final String JSON_ONLY = "application/fhir+json";
    /** What HAPI's own clients send: XML is acceptable too, JSON preferred. */
    private static final String JSON_OR_XML = "application/fhir+json;q=1.0, application/fhir+xml;q=0.9";
    private static final String XML_PREFERRED = "application/fhir+json;q=0.5, application/fhir+xml";

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    health.carnet.notification.Notifications notifications;

    private HttpResponse<String> search(Http http, String query, String token, String accept) {
        String path = query.startsWith("http") ? query : http.base() + "/fhir/DocumentReference?" + query;
        return http.send(HttpRequest.newBuilder(URI.create(path)).header("Authorization", "Bearer " + token)
                .header("Accept", accept).build());
    }

    private void deposit(Http http, Dossier d, String token, Mhd.Doc doc) {
        String bundle = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(Mhd.bundle("Patient/" + d.id(), Demo.gp(), doc));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(bundle)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** Follows next links from the first page; returns every resource in order. */
    private List<JsonNode> allPages(Http http, String query, String token, String accept) {
        List<JsonNode> out = new ArrayList<>();
        String next = query;
        int pages = 0;
        while (next != null) {
            HttpResponse<String> r = search(http, next, token, accept);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(FhirValidation.errors(r.body())).isEmpty();
            JsonNode b = Http.json(r);
            assertThat(b.get("type").asText()).isEqualTo("searchset");
            if (b.has("entry")) {
                b.get("entry").forEach(e -> {
                    assertThat(e.get("fullUrl").asText()).endsWith("/fhir/DocumentReference/" + e.get("resource").get("id").asText());
                    out.add(e.get("resource"));
                });
            }
            next = null;
            for (JsonNode l : b.get("link")) {
                if (l.get("relation").asText().equals("next")) {
                    next = l.get("url").asText();
                }
            }
            assertThat(++pages).isLessThan(20);
        }
        return out;
    }

    /** As {@link #allPages}, asking for XML: each page parsed by HAPI's XML parser, its resources given back as JSON. */
    private List<JsonNode> allPagesInXml(Http http, String query, String token) {
        FhirContext ctx = FhirContext.forR4Cached();
        List<JsonNode> out = new ArrayList<>();
        String next = query;
        int pages = 0;
        while (next != null) {
            HttpResponse<String> r = search(http, next, token, XML_PREFERRED);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/fhir+xml");
            Bundle b = ctx.newXmlParser().parseResource(Bundle.class, r.body());
            assertThat(FhirValidation.errors(b)).isEmpty();
            b.getEntry().forEach(e -> out.add(Http.json(ctx.newJsonParser().encodeResourceToString(e.getResource()))));
            next = b.getLink("next") == null ? null : b.getLink("next").getUrl();
            assertThat(++pages).isLessThan(20);
        }
        return out;
    }

    /**
     * Issue #10 item 4: one writer of ITI-67's Bundle. JSON, XML (by Accept or _format) and
     * POST _search give the same resources in the same pages; an unknown parameter is refused 400
     * in the format asked for.
     */
    @Test
    void oneWriterAnswersJsonXmlAndPostSearchAlike() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "thomas.blanc");
        String gp = http.softwareToken(Demo.gp());
        for (int i = 0; i < 3; i++) {
            deposit(http, d, gp, Mhd.Doc.pdf("écrit " + i));
        }
        String query = "patient=Patient/" + d.id() + "&_count=2";
        List<JsonNode> json = allPages(http, query, gp, JSON_ONLY);
        assertThat(json).hasSizeGreaterThanOrEqualTo(3);
        assertThat(allPagesInXml(http, query, gp)).isEqualTo(json);

        HttpResponse<String> byFormat = search(http, query + "&_format=xml", gp, "*/*");
        assertThat(byFormat.statusCode()).isEqualTo(200);
        assertThat(byFormat.body()).startsWith("<Bundle xmlns=\"http://hl7.org/fhir\">");

        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/DocumentReference/_search"))
                .header("Authorization", "Bearer " + gp).header("Accept", JSON_ONLY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(query)).build());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(FhirValidation.errors(posted.body())).isEmpty();
        JsonNode first = Http.json(posted);
        List<JsonNode> postedFirstPage = new ArrayList<>();
        first.get("entry").forEach(e -> postedFirstPage.add(e.get("resource")));
        assertThat(postedFirstPage).isEqualTo(json.subList(0, 2));
        // its links are GETs on the type, which the same writer answers
        String next = null;
        for (JsonNode l : first.get("link")) {
            if (l.get("relation").asText().equals("next")) {
                next = l.get("url").asText();
            }
        }
        assertThat(next).contains("/fhir/DocumentReference?").doesNotContain("_search");
        assertThat(allPages(http, next, gp, JSON_ONLY)).isEqualTo(json.subList(2, json.size()));

        HttpResponse<String> unknownJson = search(http, query + "&_summary=count", gp, JSON_ONLY);
        assertThat(unknownJson.statusCode()).isEqualTo(400);
        assertThat(FhirValidation.errors(unknownJson.body())).isEmpty();
        HttpResponse<String> unknownXml = search(http, query + "&_summary=count", gp, XML_PREFERRED);
        assertThat(unknownXml.statusCode()).isEqualTo(400);
        assertThat(unknownXml.body()).startsWith("<OperationOutcome xmlns=\"http://hl7.org/fhir\">").contains("_summary");
    }

    @Test
    void pagesThroughEveryVisibleDocumentWithTheResourcesHapiRenders() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "thomas.blanc");
        String gp = http.softwareToken(Demo.gp());
        for (int i = 0; i < 5; i++) {
            deposit(http, d, gp, Mhd.Doc.pdf("document " + i));
        }
        // DOC-5: hidden from the patient, so neither shown nor counted in the patient's pages
        deposit(http, d, gp, Mhd.Doc.pdf("not for the patient yet").labelled("INVISIBLE_PATIENT"));

        List<JsonNode> fast = allPages(http, "patient=Patient/" + d.id() + "&_count=2", gp, JSON_ONLY);
        List<JsonNode> hapi = allPages(http, "patient=Patient/" + d.id() + "&_count=2", gp, JSON_OR_XML);
        assertThat(fast).hasSizeGreaterThanOrEqualTo(6);
        assertThat(fast).isEqualTo(hapi);
        Set<String> ids = new HashSet<>();
        fast.forEach(r -> assertThat(ids.add(r.get("id").asText())).as("no document twice").isTrue());

        // the same search by INS, and with a status filter, give the same documents
        String byIns = "patient.identifier=urn:oid:1.2.250.1.213.1.4.8%7C" + d.ins().value() + "&status=current&_count=4";
        List<JsonNode> current = allPages(http, byIns, gp, JSON_ONLY);
        assertThat(current).isEqualTo(fast.stream().filter(r -> r.get("status").asText().equals("current")).toList());
        // HAPI follows the fast path's stateless links too
        assertThat(allPages(http, byIns, gp, JSON_OR_XML)).isEqualTo(current);

        String patient = new health.carnet.support.Patients(http, notifications).token("thomas.blanc");
        List<JsonNode> seenByPatient = allPages(http, "patient=Patient/" + d.id() + "&_count=2", patient, JSON_ONLY);
        // what the professional sees but the patient does not: this test's INVISIBLE_PATIENT document (and those
        // of earlier runs in the same database, still within the announcement delay)
        assertThat(seenByPatient).isEqualTo(fast.stream().filter(r -> !r.toString().contains("INVISIBLE_PATIENT")).toList());
        assertThat(seenByPatient).hasSizeLessThan(fast.size());
        assertThat(seenByPatient.toString()).doesNotContain("INVISIBLE_PATIENT");

        Bundle parsed = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class,
                search(http, "patient=Patient/" + d.id(), gp, JSON_ONLY).body());
        assertThat(parsed.getEntry()).hasSize(fast.size());
    }

    @Test
    void refusalsAndUnknownPatientsAreOperationOutcomes() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "thomas.blanc");
        HttpResponse<String> employer = search(http, "patient=Patient/" + d.id(), Tokens.forRole(Demo.gp(), "EMPLOYER", "TREAT"),
                JSON_ONLY);
        assertThat(employer.statusCode()).isEqualTo(403);
        assertThat(employer.body()).contains("ACC-1");
        assertThat(FhirValidation.errors(employer.body())).isEmpty();

        HttpResponse<String> unknown = search(http, "patient=Patient/" + UUID.randomUUID(), http.softwareToken(Demo.gp()), JSON_ONLY);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(FhirValidation.errors(unknown.body())).isEmpty();

        HttpResponse<String> badIns = search(http, "patient.identifier=urn:oid:1.2.250.1.213.1.4.8%7C123", http.softwareToken(Demo.gp()),
                JSON_ONLY);
        assertThat(badIns.statusCode()).isBetween(400, 422);
        assertThat(FhirValidation.errors(badIns.body())).isEmpty();
    }
}
