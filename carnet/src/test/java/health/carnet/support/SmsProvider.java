package health.carnet.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The SMS provider's side of the HTTP gateway, on a free loopback port (system property {@code carnet.notification.sms-gateway-url}), for the whole test run: it
 * records every message Carnet's {@code HttpSmsGateway} posts.
 */
public final class SmsProvider implements BeforeAllCallback {

    private static HttpServer server;
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    public static synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/sms", exchange -> {
            RECEIVED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
        System.setProperty("carnet.notification.sms-gateway-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
    }

    /** Bodies received so far, {"to": ..., "text": ...}. */
    public static List<String> received() {
        return List.copyOf(RECEIVED);
    }
}
