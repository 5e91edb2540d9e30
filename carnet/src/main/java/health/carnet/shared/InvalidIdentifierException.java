package health.carnet.shared;

/** A malformed identifier; the message tells the user what is wrong and how to fix it. */
public final class InvalidIdentifierException extends IllegalArgumentException {
    public InvalidIdentifierException(String message) {
        super(message);
    }
}
