package health.carnet.platform;

import java.sql.SQLException;
import org.springframework.dao.DataAccessException;

/**
 * Which failures are the client's bad input rather than the server's fault (SEC-4), shared by the
 * two protocol mappings ({@code ApiErrors} for the JSON API, {@code FhirErrors} for FHIR) so that
 * both answer a 4xx with a message of their own, never the exception's text (it may hold SQL).
 *
 * <p>Input is validated at the edge ({@link RequestInput}, the FHIR providers); this is the net
 * under it: a value that still reaches PostgreSQL and is refused there as data (SQLSTATE class 22,
 * "data exception": a NUL byte, a number out of range, a bad date) or as too large for an index
 * (class 54, "program limit exceeded") is the request's fault, and nothing was written (the
 * statement's transaction rolls back).
 */
public final class InputErrors {

    /** What the client is told: no SQL, no column, no value echoed back. */
    public static final String DATA_MESSAGE =
            "A value of the request cannot be stored: it holds a forbidden character or is out of range or too long.";
    public static final String BODY_MESSAGE = "The request body is not well-formed or is nested too deeply.";

    private InputErrors() {
    }

    /** The 4xx status for this failure, or 0 when it is not the input's fault. */
    public static int status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("54"))) {
                return 400;
            }
            if (t instanceof tools.jackson.core.JacksonException || t instanceof com.fasterxml.jackson.core.JacksonException) {
                return 400;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return 0;
    }

    /** The client-facing message for a failure {@link #status} classed as input. */
    public static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return DATA_MESSAGE;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return BODY_MESSAGE;
    }

    /** Whether the exception is one this class may judge (the mappings stop unwrapping there). */
    public static boolean isInputError(Throwable e) {
        return (e instanceof DataAccessException || e instanceof tools.jackson.core.JacksonException
                || e instanceof com.fasterxml.jackson.core.JacksonException) && status(e) != 0;
    }
}
