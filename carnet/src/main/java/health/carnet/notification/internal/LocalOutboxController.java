package health.carnet.notification.internal;

import health.carnet.notification.OutboxMessage;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The local outbox of the embedded default: what would have gone by email, SMS or letter when no
 * real channel is configured. It shows one-time codes, so it exists only with
 * {@code carnet.notification.local-outbox=true}.
 */
@Controller
@ConditionalOnProperty(name = "carnet.notification.local-outbox", havingValue = "true", matchIfMissing = true)
class LocalOutboxController {

    private final OutboxRepository outbox;

    LocalOutboxController(OutboxRepository outbox) {
        this.outbox = outbox;
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
