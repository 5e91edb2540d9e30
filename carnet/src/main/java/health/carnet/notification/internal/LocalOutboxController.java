package health.carnet.notification.internal;

import health.carnet.notification.OutboxMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The local outbox of the demo: what would have gone by email, SMS or letter when no real channel
 * is configured. It shows one-time codes and initial passwords (SEC-6), so it exists only with
 * {@code carnet.notification.local-outbox=true}, and Carnet refuses to start with it unless the
 * demo data is on and the server listens on a loopback address only. It lists the messages no
 * real transport carried, while their text is kept (the local-outbox window, then the codes are
 * masked by {@link OutboxHousekeeping}).
 */
@Controller
@ConditionalOnProperty(name = "carnet.notification.local-outbox", havingValue = "true", matchIfMissing = true)
class LocalOutboxController {

    private final OutboxRepository outbox;

    LocalOutboxController(OutboxRepository outbox, Environment env) {
        requireDemoOnLoopback(Boolean.parseBoolean(env.getProperty("carnet.demo-data", "true")),
                env.getProperty("server.address", ""));
        this.outbox = outbox;
    }

    /** Refuses to start the local outbox outside a demo listening on loopback only. */
    static void requireDemoOnLoopback(boolean demoData, String serverAddress) {
        if (!demoData) {
            throw new IllegalStateException("The local outbox (/outbox) shows one-time codes and passwords: it runs only with"
                    + " the demo data (carnet.demo-data=true). Configure SMTP and an SMS gateway and set"
                    + " CARNET_LOCAL_OUTBOX=false (carnet.notification.local-outbox=false).");
        }
        if (!loopback(serverAddress)) {
            throw new IllegalStateException("The local outbox (/outbox) shows one-time codes and passwords: it runs only when"
                    + " the server binds to a loopback address (CARNET_BIND=127.0.0.1), not to '"
                    + (serverAddress == null || serverAddress.isBlank() ? "all interfaces" : serverAddress)
                    + "'. Bind to 127.0.0.1, or set CARNET_LOCAL_OUTBOX=false (carnet.notification.local-outbox=false)"
                    + " with SMTP and an SMS gateway configured.");
        }
    }

    private static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(address.trim())) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @GetMapping("/outbox")
    String page(Model model) {
        model.addAttribute("messages", outbox.latestLocal(100));
        return "outbox";
    }

    @GetMapping(value = "/outbox.json", produces = "application/json")
    @ResponseBody
    List<OutboxMessage> json() {
        return outbox.latestLocal(100);
    }
}
