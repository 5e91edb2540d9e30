package health.carnet.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Every error that no protocol mapping answered (SEC-4): Spring's {@code /error} (an unknown
 * address, a method not allowed, an exception outside the controllers) and Tomcat's own refusals
 * (a malformed URI, before any servlet). Both answer in the shape of the protocol asked
 * ({@link ErrorBodies}) and never show a stack, a class name or the server's version. A direct
 * {@code GET /error} is not an error being forwarded: it is an address like any other, 404.
 */
@Configuration(proxyBeanMethods = false)
class ErrorPages {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

    @Controller
    static class ErrorPage implements org.springframework.boot.webmvc.error.ErrorController {

        @RequestMapping("/error")
        void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            int status = code instanceof Integer i && i >= 400 ? i : 404;
            String path = uri instanceof String s ? s.substring(Math.min(s.length(), request.getContextPath().length())) : "/error";
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            if (failure instanceof Throwable t) {
                int input = InputErrors.status(t);
                if (input != 0) {
                    status = input;
                } else if (status >= 500) {
                    LOG.error("Request to {} failed", path, t);
                }
            }
            ErrorBodies.Shape shape = ErrorBodies.shape(path, request.getHeader("Accept"));
            response.setStatus(status);
            response.setContentType(ErrorBodies.contentType(shape));
            ErrorBodies.write(response.getWriter(), shape, status, ErrorBodies.detail(status), request.getHeader("Accept-Language"));
        }
    }

    /** Tomcat's error report replaced (it would write its HTML page): after Boot's own customizer, which adds one. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> errorReportValve() {
        return new Customizer();
    }

    static final class Customizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                var host = context.getParent();
                if (host instanceof org.apache.catalina.core.StandardHost h) {
                    h.setErrorReportValveClass(ShapedErrorReport.class.getName());
                }
                for (Valve v : host.getPipeline().getValves()) {
                    if (v instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(v);
                    }
                }
                host.getPipeline().addValve(new ShapedErrorReport());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Tomcat's error report, in Carnet's shapes. */
    public static final class ShapedErrorReport extends ErrorReportValve {
        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            if (status == 501) {
                // Tomcat answers a method it does not implement (CONNECT) with 501: a client's request, not a server fault
                response.setStatus(405);
                status = 405;
            }
            try {
                String uri = request.getDecodedRequestURI();
                ErrorBodies.Shape shape = ErrorBodies.shape(uri == null ? request.getRequestURI() : uri, request.getHeader("Accept"));
                StringWriter body = new StringWriter();
                ErrorBodies.write(body, shape, status, ErrorBodies.detail(status), request.getHeader("Accept-Language"));
                response.setContentType(ErrorBodies.contentType(shape));
                // refused before any filter ran (a NUL or %2F in the path, headers too large): the same
                // protective headers as every other answer (issue #9 row 9)
                SecurityHeaders.protect(response);
                java.io.Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body.toString());
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client went away or the response was taken: nothing more to say
            }
        }
    }
}
