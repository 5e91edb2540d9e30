package health.carnet.shared;

/**
 * A refusal any module can raise, typed by what went wrong so that the web API (ProblemDetail)
 * and FHIR (OperationOutcome) map it once to the right status. The message tells the user what to fix.
 */
public class Problem extends RuntimeException {

    public enum Kind {
        INVALID(400), UNAUTHENTICATED(401), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), GONE(410),
        TOO_LARGE(413), UNSUPPORTED_MEDIA(415), UNPROCESSABLE(422), LOCKED(423), TOO_MANY(429),
        /** An upstream store answered with something it must not serve (a body failing its hash): refused, logged. */
        BAD_GATEWAY(502),
        /** A store did not answer (issue #15: the object store unreachable or slow); retry later, nothing was changed. */
        UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public Problem(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static Problem invalid(String message) {
        return new Problem(Kind.INVALID, message);
    }

    public static Problem notFound(String message) {
        return new Problem(Kind.NOT_FOUND, message);
    }

    public static Problem conflict(String message) {
        return new Problem(Kind.CONFLICT, message);
    }

    public static Problem forbidden(String message) {
        return new Problem(Kind.FORBIDDEN, message);
    }
}
