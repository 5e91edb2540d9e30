package health.carnet.notification.internal;

import health.carnet.notification.SmsGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * SMS through an HTTP provider: {@code POST <url>} with JSON {@code {"to": "...", "text": "..."}};
 * any status other than 2xx is a failure the dispatcher retries.
 */
@Component
@ConditionalOnExpression("!'${carnet.notification.sms-gateway-url:}'.isBlank()")
class HttpSmsGateway implements SmsGateway {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;

    HttpSmsGateway(@Value("${carnet.notification.sms-gateway-url}") String url) {
        this.url = URI.create(url);
    }

    @Override
    public void send(String phoneNumber, String text) throws Exception {
        String json = "{\"to\":\"" + escape(phoneNumber) + "\",\"text\":\"" + escape(text) + "\"}";
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("SMS gateway answered " + r.statusCode());
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
