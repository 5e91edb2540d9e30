package health.carnet.web.internal.pro;

import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * One-time tokens for the forms that store something (deposit, creation, break-glass): CSRF stops
 * other sites, this stops the same form sent twice (a double tap, the back button, a replay).
 */
@Component
class FormTokens {

    private static final String KEY = "carnet.pro.formulaires";
    private static final int KEEP = 50;

    String issue(HttpSession session) {
        String token = UUID.randomUUID().toString();
        synchronized (session) {
            Set<String> open = open(session);
            open.add(token);
            while (open.size() > KEEP) {
                open.remove(open.iterator().next());
            }
            session.setAttribute(KEY, open);
        }
        return token;
    }

    /** True once per issued token. */
    boolean consume(HttpSession session, String token) {
        if (token == null) {
            return false;
        }
        synchronized (session) {
            Set<String> open = open(session);
            boolean ok = open.remove(token);
            session.setAttribute(KEY, open);
            return ok;
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> open(HttpSession session) {
        Object o = session.getAttribute(KEY);
        return o == null ? new LinkedHashSet<>() : new LinkedHashSet<>((Set<String>) o);
    }
}
