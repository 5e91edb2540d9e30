package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.Documents;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ITI-67 Find Document References, the one writer of its searchset Bundle (issue #10 item 4):
 * {@code GET /fhir/DocumentReference} and {@code POST /fhir/DocumentReference/_search}, in JSON or
 * XML ({@link FhirFormat}), answered before HAPI. The query is parsed by {@link DocumentSearch},
 * decided by the gate, filtered and rendered by {@link DocumentAccess} and {@link DocumentFhirMapper};
 * the envelope (stateless {@code _offset} links, total on the last page) is written here, as JSON,
 * and converted by HAPI's parsers when XML is asked for. HAPI's provider only declares the
 * parameters (for the CapabilityStatement); no search reaches it.
 */
final class SearchDocuments {

    private SearchDocuments() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/fhir/DocumentReference";
    private static final String SEARCH_SUFFIX = "/_search";
    static final int DEFAULT_COUNT = OffsetBundleProvider.DEFAULT_COUNT;
    static final int MAX_COUNT = OffsetBundleProvider.MAX_COUNT;

    /** The filter; registered, in its place among the others, by {@link FhirFilters}. */
    static OncePerRequestFilter filter(Gate gate, DocumentAccess access, Documents documents, PatientReferences patients,
                                       CurrentActor current, FhirErrors errors, FhirContext fhir) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (!answersHere(request)) {
                    chain.doFilter(request, response);
                    return;
                }
                FhirFormat format = FhirFormat.forSearch(request);
                ObjectNode bundle;
                try {
                    DocumentSearch q;
                    try {
                        q = DocumentSearch.parse(request.getParameterMap());
                    } catch (DocumentSearch.Unsupported e) {
                        throw new InvalidRequestException(e.getMessage());
                    }
                    Actor actor = current.actor();
                    UUID dossierId = q.patient() != null ? CurrentActor.uuid(q.patient(), "Patient")
                            : patients.byIns(q.patientIdentifier(), "patient.identifier");
                    Permit permit = gate.authorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossierId, DocumentAccess.reason()),
                            "DocumentReference search");
                    // one more than the page: whether a next link is due, without counting the rest
                    List<Documents.Sealed> page = access.page(permit, actor, q, q.offset(), q.count() + 1);
                    boolean more = page.size() > q.count();
                    List<Documents.Sealed> shown = page.subList(0, Math.min(q.count(), page.size()));
                    String base = base(request);
                    bundle = bundle(request, base, q, more, more ? null : q.offset() + shown.size());
                    ArrayNode entries = bundle.putArray("entry");
                    for (Documents.Sealed s : shown) {
                        var meta = documents.open(permit, s);
                        ObjectNode entry = entries.addObject();
                        entry.put("fullUrl", base + "/" + meta.id());
                        entry.set("resource", DocumentFhirMapper.renderJson(meta, documents.metadataJson(permit, s)));
                        entry.putObject("search").put("mode", "match");
                    }
                    if (entries.isEmpty()) {
                        bundle.remove("entry");
                    }
                } catch (RuntimeException e) {
                    errors.writeAsHapiWould(request, response, e, "ITI-67 search", format);
                    return;
                }
                boolean pretty = "true".equals(request.getParameter("_pretty"));
                byte[] body = format == FhirFormat.JSON
                        ? (pretty ? JSON.writerWithDefaultPrettyPrinter() : JSON.writer()).writeValueAsBytes(bundle)
                        : fhir.newXmlParser().setPrettyPrint(pretty).encodeResourceToString(fhir.newJsonParser()
                                .parseResource(org.hl7.fhir.r4.model.Bundle.class, JSON.writeValueAsString(bundle)))
                                .getBytes(StandardCharsets.UTF_8);
                response.setStatus(200);
                response.setHeader("X-Request-ID", Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
                response.setContentType(format.contentType);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
        };
    }

    /** The type's URL, whichever way the search came (GET on the type, POST on its _search). */
    private static String base(HttpServletRequest request) {
        String url = request.getRequestURL().toString();
        return url.endsWith(SEARCH_SUFFIX) ? url.substring(0, url.length() - SEARCH_SUFFIX.length()) : url;
    }

    /** The searchset envelope HAPI writes for the same page: self, next and previous links, the total on the last page. */
    private static ObjectNode bundle(HttpServletRequest request, String base, DocumentSearch q, boolean more, Integer total) {
        ObjectNode b = JSON.createObjectNode();
        b.put("resourceType", "Bundle");
        b.put("id", UUID.randomUUID().toString());
        b.putObject("meta").put("lastUpdated", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        b.put("type", "searchset");
        if (total != null) {
            b.put("total", total);
        }
        ArrayNode links = b.putArray("link");
        String self = "GET".equals(request.getMethod())
                ? request.getRequestURL() + (request.getQueryString() == null ? "" : "?" + request.getQueryString())
                : pageLink(request, base, q, q.offset());
        links.addObject().put("relation", "self").put("url", self);
        if (more) {
            links.addObject().put("relation", "next").put("url", pageLink(request, base, q, q.offset() + q.count()));
        }
        if (q.offset() > 0) {
            links.addObject().put("relation", "previous").put("url", pageLink(request, base, q, Math.max(0, q.offset() - q.count())));
        }
        return b;
    }

    /** The same search at another offset: every parameter kept, _offset and _count set. */
    private static String pageLink(HttpServletRequest request, String base, DocumentSearch q, int offset) {
        StringBuilder url = new StringBuilder(base).append('?');
        for (Map.Entry<String, String[]> p : new java.util.TreeMap<>(request.getParameterMap()).entrySet()) {
            if (p.getKey().equals("_offset") || p.getKey().equals("_count")) {
                continue;
            }
            for (String v : p.getValue()) {
                url.append(enc(p.getKey())).append('=').append(enc(v)).append('&');
            }
        }
        return url.append("_offset=").append(offset).append("&_count=").append(q.count()).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Whether this path answers: every search of the DocumentReference type (GET on it, POST on its _search). */
    static boolean answersHere(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // GET on _search too: HAPI routes it to the provider's declaring method, which must never answer (a 500)
        return "GET".equals(request.getMethod()) && (PATH.equals(path) || (PATH + SEARCH_SUFFIX).equals(path))
                || "POST".equals(request.getMethod()) && (PATH + SEARCH_SUFFIX).equals(path);
    }
}
