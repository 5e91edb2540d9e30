package health.carnet.fhir.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit before anything is parsed: a 20 MiB document is ~27 MiB once
 * base64-encoded in a FHIR bundle, so /fhir takes at most 28 MiB (413 with an OperationOutcome).
 */
final class BodySizeLimit {

    private BodySizeLimit() {
    }


    static final long MAX_BODY = 28L * 1024 * 1024;

    /** The filter; registered, in its place among the others, by {@link FhirFilters}. */
    static OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getContentLengthLong() > MAX_BODY) {
                    tooLarge(request, response);
                    return;
                }
                chain.doFilter(new Limited(request), response);
            }
        };
    }

    /**
     * 413 in the shape of the path (an OperationOutcome on /fhir, a problem on /api: the limit guards both)
     * and the client's language, French by default (non-negotiable 5).
     */
    static void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        health.carnet.platform.ErrorBodies.Shape shape = health.carnet.platform.ErrorBodies.shape(path, request.getHeader("Accept"));
        response.setStatus(413);
        response.setContentType(health.carnet.platform.ErrorBodies.contentType(shape));
        health.carnet.platform.ErrorBodies.write(response.getWriter(), shape, 413, "The request body is over the limit ("
                + MAX_BODY / 1024 / 1024 + " MiB; documents at most 20 MiB).", request.getHeader("Accept-Language"));
    }

    /** Counts a body sent without Content-Length (chunked) and stops reading past the limit. */
    static final class Limited extends HttpServletRequestWrapper {
        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > MAX_BODY) {
                        throw new IOException("request body over " + MAX_BODY + " bytes");
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = in.read(buf, off, len);
                    if (n > 0 && (read += n) > MAX_BODY) {
                        throw new IOException("request body over " + MAX_BODY + " bytes");
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
