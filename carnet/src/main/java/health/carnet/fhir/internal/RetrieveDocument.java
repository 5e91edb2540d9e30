package health.carnet.fhir.internal;

import health.carnet.access.Action;
import health.carnet.document.Documents;
import health.carnet.shared.Actor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * ITI-68 Retrieve Document, the raw bytes: {@code GET /fhir/Binary/<id>} when the client does not
 * ask for a FHIR format. It is a plain HTTP GET in MHD, so it is answered here, after the security
 * filters, without HAPI's request machinery (a quarter of a retrieve's CPU). The decision is the
 * same {@link DocumentAccess#read}; the headers and errors are those HAPI gives (Content-Location,
 * Content-Disposition, an OperationOutcome on error). A FHIR Binary (Accept: application/fhir+json,
 * _format) and every other request go on to {@link BinaryProvider}.
 */
final class RetrieveDocument {

    static final String PREFIX = "/fhir/Binary/";

    private RetrieveDocument() {
    }


    /** The filter; registered, in its place among the others, by {@link FhirFilters}. */
    static OncePerRequestFilter filter(DocumentAccess access, Documents documents, CurrentActor current, FhirErrors errors) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                UUID id = rawRetrieve(request);
                if (id == null) {
                    chain.doFilter(request, response);
                    return;
                }
                Documents.Body body;
                try {
                    Actor actor = current.actor();
                    DocumentAccess.Visible v = access.read(actor, id, Action.READ_DOCUMENTS, true);
                    body = documents.body(v.permit(), v.sealed());
                } catch (RuntimeException e) {
                    errors.writeAsHapiWould(request, response, e, "ITI-68 retrieve of " + id);
                    return;
                }
                try (body) {
                    body.transferTo(() -> {
                        response.setStatus(200);
                        response.setHeader("X-Request-ID", Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
                        response.setHeader("Content-Location", request.getRequestURL().toString());
                        response.setHeader("Content-Disposition", "Attachment;");
                        response.setContentType(body.contentType());
                        if (body.size() <= Documents.Body.HELD_BACK) {
                            // checked whole before this first byte: its length is known good
                            response.setContentLength((int) body.size());
                        }
                        // larger bodies go chunked (issue #15): were one to fail its check at the end, the exception
                        // below closes the connection before the last chunk, and the client sees a cut transfer
                        try {
                            return response.getOutputStream();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                } catch (RuntimeException e) {
                    // failed before the first byte: the same answers as before streaming (502, 503, 410)
                    if (response.isCommitted()) {
                        throw e;
                    }
                    response.reset();
                    errors.writeAsHapiWould(request, response, e, "ITI-68 retrieve of " + id);
                }
            }
        };
    }

    /** The document id when this is a GET for the raw bytes; null for anything HAPI should answer. */
    static UUID rawRetrieve(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || FhirFormat.asked(request) != null) {
            return null;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX) || path.indexOf('/', PREFIX.length()) >= 0 || path.length() != PREFIX.length() + 36) {
            return null;
        }
        try {
            return UUID.fromString(path.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
