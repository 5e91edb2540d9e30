package health.carnet.fhir.internal;

import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Gate;
import health.carnet.document.DocumentQuery;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.Identifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ITI-67 Find Document References, its everyday form, answered before HAPI: {@code GET
 * /fhir/DocumentReference?patient=...} (or {@code patient.identifier=<system>|<INS>}), optionally
 * {@code status}, {@code _count}, {@code _offset}, in JSON. The decision, the filtering of hidden
 * documents and the rendering are the ones {@link DocumentReferenceProvider} uses; the searchset
 * Bundle is written directly as JSON, with stateless {@code _offset} next links that HAPI also
 * understands. Any other parameter, format or shape goes on to HAPI unchanged.
 */
@Configuration(proxyBeanMethods = false)
class SearchDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/fhir/DocumentReference";
    private static final Set<String> HANDLED = Set.of("patient", "patient.identifier", "status", "_count", "_offset", "_format");
    static final int DEFAULT_COUNT = 20;
    static final int MAX_COUNT = 100;

    /** A search this path answers: the dossier is resolved later, through the same references HAPI uses. */
    record Query(String patient, String patientIdentifier, Set<String> statuses, int count, int offset) {
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> searchDocumentsFilter(Gate gate, DocumentAccess access, Documents documents,
                                                                       PatientReferences patients, CurrentActor current,
                                                                       FhirErrors errors) {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Query q = handled(request);
                if (q == null) {
                    chain.doFilter(request, response);
                    return;
                }
                ObjectNode bundle;
                try {
                    Actor actor = current.actor();
                    UUID dossierId = q.patient() != null ? CurrentActor.uuid(q.patient(), "Patient")
                            : patients.byIns(identifier(q.patientIdentifier()), "patient.identifier");
                    Permit permit = gate.authorize(new AccessRequest(actor, Action.READ_DOCUMENTS, dossierId, DocumentAccess.reason()),
                            "DocumentReference search");
                    DocumentQuery query = new DocumentQuery(q.statuses(), null, null, null, null, null, null, null);
                    // one more than the page: whether a next link is due, without counting the rest
                    List<Documents.Sealed> page = access.page(permit, actor, query, q.offset(), q.count() + 1);
                    bundle = bundle(request, q, page.size() > q.count());
                    ArrayNode entries = bundle.putArray("entry");
                    String base = request.getRequestURL().toString();
                    for (Documents.Sealed s : page.subList(0, Math.min(q.count(), page.size()))) {
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
        });
        reg.addUrlPatterns(PATH);
        // after Spring Security's chain (-100): the caller is authenticated by then
        reg.setOrder(0);
        return reg;
    }

    private static ObjectNode bundle(HttpServletRequest request, Query q, boolean more) {
        ObjectNode b = JSON.createObjectNode();
        b.put("resourceType", "Bundle");
        b.put("id", UUID.randomUUID().toString());
        b.putObject("meta").put("lastUpdated", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        b.put("type", "searchset");
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

    private static String pageLink(HttpServletRequest request, Query q, int offset) {
        StringBuilder url = new StringBuilder(request.getRequestURL()).append('?');
        if (q.patient() != null) {
            url.append("patient=Patient/").append(q.patient());
        } else {
            url.append("patient.identifier=").append(enc(q.patientIdentifier()));
        }
        if (q.statuses() != null) {
            url.append("&status=").append(enc(String.join(",", q.statuses())));
        }
        return url.append("&_offset=").append(offset).append("&_count=").append(q.count()).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Identifier identifier(String value) {
        String[] parts = value.split("\\|", 2);
        return new Identifier().setSystem(parts[0]).setValue(parts[1]);
    }

    /** The query when this path answers it; null sends the request to HAPI. */
    static Query handled(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || !PATH.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
            return null;
        }
        Map<String, String[]> params = request.getParameterMap();
        for (Map.Entry<String, String[]> p : params.entrySet()) {
            if (!HANDLED.contains(p.getKey()) || p.getValue().length != 1) {
                return null;
            }
        }
        String format = single(params, "_format");
        if (format != null ? !(format.equals("json") || format.startsWith("application/fhir+json")) : !acceptsJson(request.getHeader("Accept"))) {
            return null;
        }
        String patient = single(params, "patient");
        String identifier = single(params, "patient.identifier");
        if ((patient == null) == (identifier == null)) {
            return null;
        }
        if (patient != null) {
            patient = patient.startsWith("Patient/") ? patient.substring("Patient/".length()) : patient;
            if (patient.length() != 36 || patient.indexOf('/') >= 0) {
                return null;
            }
        } else if (identifier.indexOf('|') <= 0 || identifier.indexOf('|') == identifier.length() - 1) {
            return null;
        }
        Set<String> statuses = null;
        String status = single(params, "status");
        if (status != null) {
            statuses = new LinkedHashSet<>();
            for (String token : status.split(",")) {
                String code = token.substring(token.indexOf('|') + 1);
                if (code.isEmpty()) {
                    return null;
                }
                statuses.add(code);
            }
        }
        Integer count = integer(params, "_count");
        Integer offset = integer(params, "_offset");
        if ((count != null && count <= 0) || (offset != null && (offset < 0 || offset > FhirInput.MAX_OFFSET))) {
            return null;
        }
        return new Query(patient, identifier, statuses, count == null ? DEFAULT_COUNT : Math.min(count, MAX_COUNT),
                offset == null ? 0 : offset);
    }

    /** JSON asked for, and not XML preferred: HAPI decides the rarer mixed cases. */
    static boolean acceptsJson(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return (a.contains("application/fhir+json") || a.contains("application/json")) && !a.contains("xml");
    }

    private static String single(Map<String, String[]> params, String name) {
        String[] v = params.get(name);
        return v == null ? null : v[0];
    }

    private static Integer integer(Map<String, String[]> params, String name) {
        String v = single(params, name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return -1; // not a number: refused by handled(), so HAPI answers with its own error
        }
    }
}
