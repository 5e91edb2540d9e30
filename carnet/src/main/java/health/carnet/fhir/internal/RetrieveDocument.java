package health.carnet.fhir.internal;

import health.carnet.access.Action;
import health.carnet.document.Documents;
import health.carnet.shared.Actor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * ITI-68 Retrieve Document, the raw bytes: {@code GET /fhir/Binary/<id>} when the client does not
 * ask for a FHIR format. It is a plain HTTP GET in MHD, so it is answered here, after the security
 * filters, without HAPI's request machinery (a quarter of a retrieve's CPU). The decision is the
 * same {@link DocumentAccess#read}; the headers and errors are those HAPI gives (Content-Location,
 * Content-Disposition, an OperationOutcome on error). A FHIR Binary (Accept: application/fhir+json,
 * _format) and every other request go on to {@link BinaryProvider}.
 */
@Configuration(proxyBeanMethods = false)
class RetrieveDocument {

    private static final String PREFIX = "/fhir/Binary/";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> retrieveDocumentFilter(DocumentAccess access, Documents documents,
                                                                         CurrentActor current, FhirErrors errors) {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                UUID id = rawRetrieve(request);
                if (id == null) {
                    chain.doFilter(request, response);
                    return;
                }
                byte[] bytes;
                String contentType;
                try {
                    Actor actor = current.actor();
                    DocumentAccess.Visible v = access.read(actor, id, Action.READ_DOCUMENTS, true);
                    bytes = documents.content(v.permit(), v.sealed());
                    contentType = v.meta().contentType();
                } catch (RuntimeException e) {
                    errors.writeAsHapiWould(request, response, e, "ITI-68 retrieve of " + id);
                    return;
                }
                response.setStatus(200);
                response.setHeader("X-Request-ID", Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
                response.setHeader("Content-Location", request.getRequestURL().toString());
                response.setHeader("Content-Disposition", "Attachment;");
                response.setContentType(contentType);
                response.setContentLength(bytes.length);
                response.getOutputStream().write(bytes);
            }
        });
        reg.addUrlPatterns(PREFIX + "*");
        // after Spring Security's chain (-100): the caller is authenticated by then
        reg.setOrder(0);
        return reg;
    }

    /** The document id when this is a GET for the raw bytes; null for anything HAPI should answer. */
    static UUID rawRetrieve(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || request.getParameter("_format") != null) {
            return null;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX) || path.indexOf('/', PREFIX.length()) >= 0 || path.length() != PREFIX.length() + 36) {
            return null;
        }
        if (wantsFhir(request.getHeader("Accept"))) {
            return null;
        }
        try {
            return UUID.fromString(path.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** HAPI answers a FHIR Binary resource when the client accepts a FHIR (or plain JSON/XML) format. */
    static boolean wantsFhir(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("fhir") || a.contains("application/json") || a.contains("application/xml") || a.contains("text/xml");
    }
}
