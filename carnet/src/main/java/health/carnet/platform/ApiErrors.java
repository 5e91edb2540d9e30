package health.carnet.platform;

import health.carnet.shared.InvalidIdentifierException;
import health.carnet.shared.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Typed errors of every module mapped once to RFC 9457 problem details for the JSON API (STYLE rule 6). */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class ApiErrors {

    @ExceptionHandler(Problem.class)
    ProblemDetail problem(Problem p) {
        return detail(HttpStatus.valueOf(p.kind().status()), p.getMessage());
    }

    @ExceptionHandler(InvalidIdentifierException.class)
    ProblemDetail identifier(InvalidIdentifierException e) {
        return detail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class})
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof RequestInput.ControlCharacter) {
                return detail(HttpStatus.BAD_REQUEST, "A text value of the request holds a control character (such as \\u0000): remove it.");
            }
        }
        return detail(HttpStatus.BAD_REQUEST, "The request body is not valid JSON of the expected shape.");
    }

    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e) {
        return detail(HttpStatus.BAD_REQUEST, "'" + e.getName() + "' is not valid here"
                + (e.getRequiredType() == java.util.UUID.class ? ": an identifier (UUID) is expected." : "."));
    }

    /** SEC-4: a value PostgreSQL refused as data is the request's fault; any other failure says nothing of itself. */
    @ExceptionHandler(org.springframework.dao.DataAccessException.class)
    ProblemDetail data(org.springframework.dao.DataAccessException e) {
        if (InputErrors.status(e) != 0) {
            return detail(HttpStatus.BAD_REQUEST, InputErrors.DATA_MESSAGE);
        }
        return internal(e);
    }

    /**
     * The last net: Spring's own web errors keep their status, security refusals go on to the
     * security filters, and anything else is a 500 that names no class and holds no SQL or stack.
     */
    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        if (e instanceof org.springframework.security.access.AccessDeniedException
                || e instanceof org.springframework.security.core.AuthenticationException) {
            throw e;
        }
        if (e instanceof org.springframework.web.ErrorResponse known) {
            HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
            return detail(status, ErrorBodies.detail(status.value()));
        }
        if (InputErrors.status(e) != 0) {
            return detail(HttpStatus.BAD_REQUEST, InputErrors.message(e));
        }
        return internal(e);
    }

    private static ProblemDetail internal(RuntimeException e) {
        String id = Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        org.slf4j.LoggerFactory.getLogger(ApiErrors.class).error("API request failed (error id {})", id, e);
        return detail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error (id " + id + "): the request was not completed.");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException e) {
        return detail(HttpStatus.BAD_REQUEST, "Parameter '" + e.getParameterName() + "' is required.");
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        String fields = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage()).reduce((a, b) -> a + "; " + b).orElse("invalid");
        return detail(HttpStatus.BAD_REQUEST, fields);
    }

    private static ProblemDetail detail(HttpStatus status, String message) {
        ProblemDetail d = ProblemDetail.forStatusAndDetail(status, message);
        d.setTitle(status.getReasonPhrase());
        return d;
    }
}
