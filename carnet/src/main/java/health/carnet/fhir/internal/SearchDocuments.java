package health.carnet.fhir.internal;

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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ITI-67 Find Document References in JSON, answered before HAPI: {@code GET /fhir/DocumentReference}
 * with any parameter {@link DocumentSearch} knows. The query is parsed by the same
 * {@link DocumentSearch#parse} HAPI's provider calls, decided by the same gate, filtered and
 * rendered by the same {@link DocumentAccess} and {@link DocumentFhirMapper}; the searchset Bundle is
 * written here as JSON with stateless {@code _offset} links (those HAPI writes too). XML, and a
 * parameter DocumentSearch does not know, go on to HAPI, which answers or refuses them.
 */
final class SearchDocuments {

    private SearchDocuments() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/fhir/DocumentReference";
    static final int DEFAULT_COUNT = OffsetBundleProvider.DEFAULT_COUNT;
    static final int MAX_COUNT = OffsetBundleProvider.MAX_COUNT;

    /** The filter; registered, in its place among the others, by {@link FhirFilters}. */
    static OncePerRequestFilter filter(Gate gate, DocumentAccess access, Documents documents, PatientReferences patients,
                                       CurrentActor current, FhirErrors errors) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (!answersHere(request)) {
                    chain.doFilter(request, response);
                    return;
                }
                DocumentSearch q;
                ObjectNode bundle;
                try {
                    try {
                        q = DocumentSearch.parse(request.getParameterMap());
                    } catch (DocumentSearch.Unsupported e) {
                        chain.doFilter(request, response);
                        return;
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
                    bundle = bundle(request, q, more, more ? null : q.offset() + shown.size());
                    ArrayNode entries = bundle.putArray("entry");
                    String base = request.getRequestURL().toString();
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
                    errors.writeAsHapiWould(request, response, e, "ITI-67 search");
                    return;
                }
                byte[] body = JSON.writeValueAsBytes(bundle);
                response.setStatus(200);
                response.setHeader("X-Request-ID", Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
                response.setContentType("application/fhir+json;charset=UTF-8");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
        };
    }

    /** The searchset envelope HAPI writes for the same page: self, next and previous links, the total on the last page. */
    private static ObjectNode bundle(HttpServletRequest request, DocumentSearch q, boolean more, Integer total) {
        ObjectNode b = JSON.createObjectNode();
        b.put("resourceType", "Bundle");
        b.put("id", UUID.randomUUID().toString());
        b.putObject("meta").put("lastUpdated", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        b.put("type", "searchset");
        if (total != null) {
            b.put("total", total);
        }
        ArrayNode links = b.putArray("link");
        String self = request.getRequestURL() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        links.addObject().put("relation", "self").put("url", self);
        if (more) {
            links.addObject().put("relation", "next").put("url", pageLink(request, q, q.offset() + q.count()));
        }
        if (q.offset() > 0) {
            links.addObject().put("relation", "previous").put("url", pageLink(request, q, Math.max(0, q.offset() - q.count())));
        }
        return b;
    }

    /** The same search at another offset: every parameter kept, _offset and _count set. */
    private static String pageLink(HttpServletRequest request, DocumentSearch q, int offset) {
        StringBuilder url = new StringBuilder(request.getRequestURL()).append('?');
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

    /** Whether this path answers: a GET of the DocumentReference type in JSON; anything else is HAPI's. */
    static boolean answersHere(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || !PATH.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
            return false;
        }
        String[] format = request.getParameterMap().get("_format");
        if (format != null) {
            return format.length == 1 && (format[0].equals("json") || format[0].startsWith("application/fhir+json"));
        }
        return acceptsJson(request.getHeader("Accept"));
    }

    /** JSON asked for, and not XML preferred: HAPI decides the rarer mixed cases. */
    static boolean acceptsJson(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return (a.contains("application/fhir+json") || a.contains("application/json")) && !a.contains("xml");
    }
}
