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
        return detail(HttpStatus.BAD_REQUEST, "The request body is not valid JSON of the expected shape.");
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
