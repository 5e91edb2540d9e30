package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.support.Browser;
import health.carnet.support.Fresh;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * AUT-1 (issue #12): a voluntary password change closes the person's other portal sessions and
 * revokes their other tokens, but keeps the one it was made with: through {@code POST
 * /api/me/password} (the calling token goes on, an older token and an open portal session are
 * refused), and through "Mon compte" (the page says so and stays open; the tokens are refused).
 * The forced first change revokes nothing (the token that made it keeps working).
 */
@IntegrationTest
class PasswordChangeSessionsBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    DemoSupport support;

    @Test
    void aVoluntaryChangeClosesTheOtherSessionsAndTokensButKeepsTheCurrentOne_AUT1() {
        Http http = new Http(port);
        Patients patients = PortalPages.patients(port, notifications);
        Fresh f = Fresh.patient(http, patients, support);
        String first = "Premier-mot-de-passe";
        String second = "Deuxieme-mot-de-passe";
        String third = "Troisieme-mot-de-passe";

        // the forced first change: its token keeps working
        String t1 = patients.token(f.login(), f.initialPassword(), f.email());
        assertThat(change(http, t1, f.initialPassword(), first).statusCode()).isEqualTo(204);
        assertThat(me(http, t1)).isEqualTo(200);

        String t2 = patients.token(f.login(), first, f.email());
        String t3 = patients.token(f.login(), first, f.email());
        try (Browser a = Browser.phone(port)) {
            PortalPages.login(a, patients, f.login(), first, f.email());
            assertThat(a.textOf("main h1")).startsWith("Bonjour");

            // a voluntary change through the API, with t2
            HttpResponse<String> changed = change(http, t2, first, second);
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
            assertThat(me(http, t2)).as("the token the change was made with").isEqualTo(200);
            assertThat(me(http, t3)).as("another token of the same person").isEqualTo(401);
            assertThat(me(http, t1)).as("an older token").isEqualTo(401);
            // the open portal session is closed: the next page asks to log in again
            a.get("/portail/documents");
            a.awaitPath("/portail/connexion");
            assertThat(a.find("main").getText()).contains("Votre session a expiré");
        }
        assertThat(notifications.latestTo(f.email(), 30)).filteredOn(m -> m.kind().equals("PASSWORD_CHANGED")).hasSize(1);

        String t4 = patients.token(f.login(), second, f.email());
        assertThat(me(http, t4)).isEqualTo(200);
        try (Browser b = Browser.phone(port)) {
            PortalPages.login(b, patients, f.login(), second, f.email());
            b.await("main h1");
            b.get("/portail/compte");
            assertThat(b.find("#mdp-autres-connexions").getText()).contains("vous fermez vos autres connexions");
            var old = b.find("#nouveau");
            b.type("#actuel", second).type("#nouveau", third).type("#confirmation", third).click("form.formulaire button[type=submit]");
            b.awaitGone(old);
            assertThat(b.textOf("[role=status]")).isEqualTo("Votre mot de passe a été changé. Vos autres connexions"
                    + " (autres appareils, navigateurs ou applications) ont été fermées ; celle-ci reste ouverte.");
            b.assertAccessible().screenshot("portail-75-mot-de-passe-change");
            // this session goes on
            b.get("/portail/documents");
            b.awaitText("main h1", "Documents");
            assertThat(b.path()).isEqualTo("/portail/documents");
        }
        // every token is refused now, the one the API change kept included
        assertThat(me(http, t4)).isEqualTo(401);
        assertThat(me(http, t2)).isEqualTo(401);
        assertThat(me(http, patients.token(f.login(), third, f.email()))).isEqualTo(200);
    }

    private static HttpResponse<String> change(Http http, String token, String current, String next) {
        return http.post("/api/me/password", token, Map.of("current", current, "next", next));
    }

    private static int me(Http http, String token) {
        return http.get("/api/me", token).statusCode();
    }
}
