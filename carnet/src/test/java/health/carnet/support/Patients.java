package health.carnet.support;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.demo.DemoPatients;
import health.carnet.notification.Notifications;
import health.carnet.notification.OutboxMessage;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Logs demo patients in through the real API; one-time codes are read from the outbox as the SMTP server got them. */
public final class Patients {
    private final Http http;
    private final Notifications notifications;

    public Patients(Http http, Notifications notifications) {
        this.http = http;
        this.notifications = notifications;
    }

    /** The latest code in a message of this kind to this address. */
    public String lastCode(String to, String kind) {
        OutboxMessage m = notifications.latestTo(to, 20).stream().filter(x -> x.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " message to " + to));
        Matcher matcher = Pattern.compile(": ([A-Z0-9]{6,12})").matcher(m.body());
        assertThat(matcher.find()).as(m.body()).isTrue();
        return matcher.group(1);
    }

    public String token(String login) {
        return token(login, DemoPatients.PASSWORD, emailOf(login));
    }

    public String token(String login, String password, String email) {
        HttpResponse<String> start = http.post("/api/login", null, Map.of("login", login, "password", password));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(202);
        String challenge = Http.json(start).get("challengeId").asText();
        HttpResponse<String> done = http.post("/api/login/otp", null, Map.of("challengeId", challenge,
                "code", lastCode(email, "LOGIN_CODE")));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        return Http.json(done).get("accessToken").asText();
    }

    /** The login and initial password sent to this address when a professional created the dossier (DOS-2). */
    public String[] credentialsSentTo(String address) {
        String body = notifications.latestTo(address, 20).stream().filter(m -> m.kind().equals("CREDENTIALS")).findFirst()
                .orElseThrow(() -> new AssertionError("no credentials sent to " + address)).body();
        return new String[] {body.replaceAll("(?s).*Identifiant : (\\S+).*", "$1"),
                body.replaceAll("(?s).*Mot de passe initial : (\\S+).*", "$1")};
    }

    public static String emailOf(String login) {
        if (login.contains("chevalier") && login.startsWith("sophie") || login.startsWith("marie.") || login.startsWith("pierre.")) {
            return login + "@parent.example";
        }
        return DemoPatients.byLogin(login).email();
    }
}
