package health.carnet.notification;

/**
 * The port to an SMS provider. Implementations throw on any failure so the dispatcher retries.
 */
public interface SmsGateway {
    /** Sends a text message; returns only once the provider accepted it. */
    void send(String phoneNumber, String text) throws Exception;
}
