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
                    tooLarge(response);
                    return;
                }
                chain.doFilter(new Limited(request), response);
            }
        };
    }

    static void tooLarge(HttpServletResponse response) throws IOException {
        response.setStatus(413);
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"too-long\","
                + "\"diagnostics\":\"The request body is over the limit (" + MAX_BODY / 1024 / 1024
                + " MiB; documents at most 20 MiB).\"}]}");
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
