package health.carnet.platform;

import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Problem;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Typed errors of every module mapped once to RFC 9457 problem details for the JSON API (STYLE rule 6),
 * in French unless the client prefers English ({@link ErrorLanguage}).
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class ApiErrors {

    @ExceptionHandler(Problem.class)
    ProblemDetail problem(Problem p, HttpServletRequest request) {
        return detail(HttpStatus.valueOf(p.kind().status()), p.getMessage(), request);
    }

    @ExceptionHandler(InvalidIdentifierException.class)
    ProblemDetail identifier(InvalidIdentifierException e, HttpServletRequest request) {
        return detail(HttpStatus.BAD_REQUEST, e.getMessage(), request);
    }

    @ExceptionHandler({HttpMessageNotReadableException.class})
    ProblemDetail unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof RequestInput.ControlCharacter) {
                return detail(HttpStatus.BAD_REQUEST, "A text value of the request holds a control character (such as \\u0000): remove it.", request);
            }
        }
        return detail(HttpStatus.BAD_REQUEST, "The request body is not valid JSON of the expected shape.", request);
    }

    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e,
                           HttpServletRequest request) {
        return detail(HttpStatus.BAD_REQUEST, "'" + e.getName() + "' is not valid here"
                + (e.getRequiredType() == java.util.UUID.class ? ": an identifier (UUID) is expected." : "."), request);
    }

    /** SEC-4: a value PostgreSQL refused as data is the request's fault; any other failure says nothing of itself. */
    @ExceptionHandler(org.springframework.dao.DataAccessException.class)
    ProblemDetail data(org.springframework.dao.DataAccessException e, HttpServletRequest request) {
        if (InputErrors.status(e) != 0) {
            return detail(HttpStatus.BAD_REQUEST, InputErrors.DATA_MESSAGE, request);
        }
        return internal(e, request);
    }

    /**
     * The last net: Spring's own web errors keep their status, security refusals go on to the
     * security filters, and anything else is a 500 that names no class and holds no SQL or stack.
     */
    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e, HttpServletRequest request) {
        if (e instanceof org.springframework.security.access.AccessDeniedException
                || e instanceof org.springframework.security.core.AuthenticationException) {
            throw e;
        }
        if (e instanceof org.springframework.web.ErrorResponse known) {
            HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
            return detail(status, ErrorBodies.detail(status.value()), request);
        }
        if (InputErrors.status(e) != 0) {
            return detail(HttpStatus.BAD_REQUEST, InputErrors.message(e), request);
        }
        return internal(e, request);
    }

    private static ProblemDetail internal(RuntimeException e, HttpServletRequest request) {
        String id = Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        org.slf4j.LoggerFactory.getLogger(ApiErrors.class).error("API request failed (error id {})", id, e);
        return detail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error (id " + id + "): the request was not completed.", request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return detail(HttpStatus.BAD_REQUEST, "Parameter '" + e.getParameterName() + "' is required.", request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        String fields = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage()).reduce((a, b) -> a + "; " + b).orElse("invalid");
        return detail(HttpStatus.BAD_REQUEST, fields, request);
    }

    /** In the client's language (French unless it prefers English): the title and the module's message translated. */
    private static ProblemDetail detail(HttpStatus status, String message, HttpServletRequest request) {
        String language = request.getHeader("Accept-Language");
        ProblemDetail d = ProblemDetail.forStatusAndDetail(status, ErrorLanguage.translate(message, language));
        d.setTitle(ErrorLanguage.title(status.value(), language));
        return d;
    }
}
