package health.carnet.document.internal;

import health.carnet.shared.Problem;

/** The content store did not answer (unreachable, slow, failing): 503, the request may be retried; nothing was half stored. */
public final class ContentUnavailableException extends Problem {
    public ContentUnavailableException(String message) {
        super(Kind.UNAVAILABLE, message);
    }
}
