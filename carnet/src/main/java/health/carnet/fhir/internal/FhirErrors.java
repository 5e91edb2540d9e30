package health.carnet.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import health.carnet.platform.ErrorLanguage;
import health.carnet.platform.InputErrors;
import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.NoSuchElementException;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/**
 * Maps every error on /fhir to an OperationOutcome with the right status (STYLE rule 6): typed
 * exceptions of the modules become HAPI's, and the security filters' refusals (which happen before
 * HAPI sees the request) are written here too.
 */
@Component
@Interceptor
public class FhirErrors {

    private final FhirContext fhir;
    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

    FhirErrors(FhirContext fhir) {
        this.fhir = fhir;
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException translate(RequestDetails request, Throwable error, HttpServletRequest servletRequest) {
        // HAPI wraps what a provider throws (InternalErrorException, reflection): find the module's own exception
        Throwable e = error;
        while (e instanceof InternalErrorException || e instanceof java.lang.reflect.InvocationTargetException
                || (e.getCause() != null && !(e instanceof BaseServerResponseException) && !isOurs(e))) {
            if (e.getCause() == null) {
                break;
            }
            e = e.getCause();
        }
        if (e instanceof BaseServerResponseException known) {
            if (known.getMessage() != null && known.getMessage().contains("nesting depth")) {
                // the parser's words name its own classes: say it plainly
                return new InvalidRequestException("The request body is nested too deeply (at most 1000 levels).");
            }
            String clean = withoutClassNames(plain(known.getMessage()));
            if (clean != null && !clean.equals(known.getMessage())) {
                return known.getStatusCode() == 400 ? new InvalidRequestException(clean)
                        : new ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException(known.getStatusCode(), clean);
            }
            return known;
        }
        if (e instanceof ca.uhn.fhir.parser.DataFormatException) {
            // a parameter or body value HAPI could not read (a date "x", a number too large)
            return new InvalidRequestException(withoutClassNames(plain(e.getMessage())));
        }
        if (e instanceof Problem p) {
            return switch (p.kind()) {
                case NOT_FOUND -> new ResourceNotFoundException(p.getMessage());
                case FORBIDDEN -> new ForbiddenOperationException(p.getMessage());
                case UNPROCESSABLE -> new UnprocessableEntityException(p.getMessage());
                case INVALID -> new InvalidRequestException(p.getMessage());
                case CONFLICT -> new ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException(p.getMessage());
                case GONE -> new ca.uhn.fhir.rest.server.exceptions.ResourceGoneException(p.getMessage());
                case TOO_LARGE -> new ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException(p.getMessage());
                case UNSUPPORTED_MEDIA -> new ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException(415, p.getMessage());
                case UNAUTHENTICATED -> new ca.uhn.fhir.rest.server.exceptions.AuthenticationException(p.getMessage());
                default -> new ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException(p.kind().status(), p.getMessage());
            };
        }
        if (e instanceof InvalidIdentifierException || e instanceof IllegalArgumentException) {
            return new InvalidRequestException(e.getMessage());
        }
        if (e instanceof NoSuchElementException) {
            return new ResourceNotFoundException(e.getMessage());
        }
        if (e instanceof AccessDeniedException) {
            return new ForbiddenOperationException(e.getMessage());
        }
        if (e instanceof IllegalStateException) {
            return new UnprocessableEntityException(e.getMessage());
        }
        if (InputErrors.status(e) != 0) {
            return new InvalidRequestException(InputErrors.message(e));
        }
        if (thrownByParser(e)) {
            // HAPI's parser failing on a body it cannot make sense of (an entry whose resource is `true`)
            return new InvalidRequestException("The request body is not a valid FHIR resource of the expected shape.");
        }
        // SEC-4: never a class name, a stack or SQL in a body; the log keeps the cause under this id
        String id = Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        org.slf4j.LoggerFactory.getLogger(FhirErrors.class).error("FHIR request failed (error id {})", id, error);
        return new InternalErrorException("Internal error (id " + id + "): the request was not completed.");
    }

    private static final java.util.regex.Pattern UNKNOWN_OPERATION = java.util.regex.Pattern.compile(
            "(?s)Invalid request: The FHIR endpoint on this server does not know how to handle (\\w+) operation\\[(.*?)] with parameters \\[\\[(.*)]]");
    private static final java.util.regex.Pattern UNKNOWN_TYPE = java.util.regex.Pattern.compile("(?s)HAPI-0302: Unknown resource type '(.*?)'.*");
    private static final java.util.regex.Pattern BAD_VALUE = java.util.regex.Pattern.compile(
            "(?s).*HAPI-1821: \\[element=\"(.*?)\"] Invalid attribute value \"(.*?)\".*");
    private static final java.util.regex.Pattern WRONG_TYPE = java.util.regex.Pattern.compile(
            "(?s).*HAPI-1814: Incorrect resource type found, expected \"(.*?)\" but found \"(.*?)\".*");
    private static final java.util.regex.Pattern BAD_DATE = java.util.regex.Pattern.compile("(?s).*HAPI-1940: Invalid date/time/quantity format: (.*)");
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("HAPI-\\d{4}: ");

    /**
     * HAPI's own refusals (an unknown operation, parameter or resource type, a body its parser cannot
     * read, a missing Content-Type) in Carnet's words: sentences the catalogue translates (French by
     * default, non-negotiable 5) without HAPI's message codes. What HAPI computed (the parameter, the
     * element, the value) is kept; anything else of HAPI's keeps its words without the codes.
     */
    static String plain(String message) {
        if (message == null) {
            return null;
        }
        java.util.regex.Matcher m = UNKNOWN_OPERATION.matcher(message);
        if (m.matches()) {
            String what = m.group(1) + " " + m.group(2);
            return m.group(3).isBlank() ? "This server does not answer " + what + ": see /fhir/metadata for what it supports."
                    : "This server does not answer " + what + " with the parameters " + m.group(3)
                            + ": see /fhir/metadata for what it supports.";
        }
        if ((m = UNKNOWN_TYPE.matcher(message)).matches()) {
            return "Unknown resource type " + m.group(1) + ": see /fhir/metadata for the types this server knows.";
        }
        if ((m = BAD_VALUE.matcher(message)).matches()) {
            return "The value \"" + m.group(2) + "\" of the element " + m.group(1) + " is not valid there.";
        }
        if ((m = WRONG_TYPE.matcher(message)).matches()) {
            return "The request body is a " + m.group(2) + " where a " + m.group(1) + " is expected.";
        }
        if ((m = BAD_DATE.matcher(message)).matches()) {
            return "Not a valid date, time or quantity: " + m.group(1);
        }
        if (message.startsWith("HAPI-0448: ") || message.startsWith("HAPI-0449: ")) {
            return "Send the body as FHIR (Content-Type: application/fhir+json or application/fhir+xml).";
        }
        if (message.startsWith("HAPI-1965: ")) {
            return "Send a JSON Patch (Content-Type: application/json-patch+json).";
        }
        int said = message.indexOf("Error was: ");
        if (message.startsWith("HAPI-0450: ") && said > 0 && !message.substring(said).contains("HAPI-")) {
            // the parser's error handler (StrictJsonTypes) said it in Carnet's words already
            return message.substring(said + "Error was: ".length());
        }
        if (message.startsWith("HAPI-0450: ") || message.contains("HAPI-1861: ")) {
            return "The request body is not a valid FHIR resource of the expected shape.";
        }
        return CODE.matcher(message).replaceAll("");
    }

    /** HAPI's messages sometimes quote the JDK's exception ("java.lang.NumberFormatException: ..."): keep the words, drop the class. */
    static String withoutClassNames(String message) {
        return message == null ? null : message.replaceAll("(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error):?\\s*", "");
    }

    private static boolean thrownByParser(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("ca.uhn.fhir.parser.")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOurs(Throwable e) {
        return InputErrors.isInputError(e) || e instanceof ca.uhn.fhir.parser.DataFormatException || e instanceof Problem || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof NoSuchElementException || e instanceof AccessDeniedException;
    }

    void unauthenticated(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearer.commence(request, response, e);
        String detail = e instanceof InsufficientAuthenticationException || e.getMessage() == null
                ? "Authentication required: send 'Authorization: Bearer <token>' with a token from a trusted issuer."
                : "The bearer token was refused: " + e.getMessage();
        write(request, response, 401, OperationOutcome.IssueType.LOGIN, detail);
    }

    void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        write(request, response, 403, OperationOutcome.IssueType.FORBIDDEN, e.getMessage());
    }

    /**
     * For the paths answered before HAPI (ITI-68 raw retrieve, JSON ITI-67): the error HAPI would have
     * written for the same exception, an OperationOutcome with the status {@link #translate} gives.
     */
    void writeAsHapiWould(HttpServletRequest request, HttpServletResponse response, RuntimeException error, String what)
            throws IOException {
        writeAsHapiWould(request, response, error, what, FhirFormat.forSearch(request));
    }

    /** As HAPI would, in the format the request negotiated ({@link FhirFormat}). */
    void writeAsHapiWould(HttpServletRequest request, HttpServletResponse response, RuntimeException error, String what,
                          FhirFormat format) throws IOException {
        BaseServerResponseException known = translate(null, error, request);
        response.setHeader("X-Request-ID", Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
        if (format == FhirFormat.XML) {
            response.setStatus(known.getStatusCode());
            response.setContentType(FhirFormat.XML.contentType);
            response.getWriter().write(fhir.newXmlParser().encodeResourceToString(
                    outcome(OperationOutcome.IssueType.PROCESSING, ErrorLanguage.translate(known.getMessage(),
                            request.getHeader("Accept-Language")))));
            return;
        }
        write(request, response, known.getStatusCode(), OperationOutcome.IssueType.PROCESSING, known.getMessage());
    }

    private void write(HttpServletRequest request, HttpServletResponse response, int status, OperationOutcome.IssueType type,
                       String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.getWriter().write(fhir.newJsonParser().encodeResourceToString(
                outcome(type, ErrorLanguage.translate(detail, request.getHeader("Accept-Language")))));
    }

    /**
     * Every OperationOutcome HAPI writes for a failure, in the client's language (non-negotiable 5):
     * French unless {@code Accept-Language} prefers English. The modules' English is the catalogue's key.
     */
    @Hook(Pointcut.SERVER_OUTGOING_FAILURE_OPERATIONOUTCOME)
    public void inTheClientsLanguage(RequestDetails request, IBaseOperationOutcome outcome) {
        if (outcome instanceof OperationOutcome o) {
            String language = request == null ? null : request.getHeader("Accept-Language");
            for (OperationOutcome.OperationOutcomeIssueComponent issue : o.getIssue()) {
                if (issue.hasDiagnostics()) {
                    issue.setDiagnostics(ErrorLanguage.translate(plain(issue.getDiagnostics()), language));
                }
            }
        }
    }

    static OperationOutcome outcome(OperationOutcome.IssueType type, String detail) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(detail);
        return outcome;
    }
}
