package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.demo.DemoPatients;
import health.carnet.document.operator.BulkLoad;
import health.carnet.dossier.Dossier;
import health.carnet.notification.Notifications;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What the patients' portal tests share: logging in through the pages, depositing documents as a doctor's software would. */
final class PortalPages {

    private PortalPages() {
    }

    /** Logs in through the login and code pages (AUT-1); the code is read where the patient would receive it. */
    static void login(Browser b, Patients patients, String login, String password, String email) {
        b.get("/portail/connexion");
        b.type("#identifiant", login).type("#motDePasse", password).click("button[type=submit]");
        org.openqa.selenium.WebElement code = b.await("#code");
        b.type("#code", patients.lastCode(email, "LOGIN_CODE")).click("button[type=submit]");
        // the code page is gone before anyone reads the next one (else its heading may be read, then go stale)
        b.awaitGone(code);
    }

    static void login(Browser b, Patients patients, String login) {
        login(b, patients, login, DemoPatients.PASSWORD, Patients.emailOf(login));
        b.await("main h1");
    }

    /** Deposits documents as Dr Claire Martin's software does (ITI-65); she is the demo patients' médecin traitant. */
    static void deposit(Http http, Dossier d, Mhd.Doc... docs) {
        String bundle = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(Mhd.bundle("Patient/" + d.id(), Demo.gp(), docs));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + http.softwareToken(Demo.gp()))
                .POST(HttpRequest.BodyPublishers.ofString(bundle)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** Many documents at once, as the bulk loader writes them (the same rows a deposit writes). */
    static List<UUID> bulk(BulkLoad load, Dossier d, int n, String titlePrefix) {
        List<BulkLoad.Row> rows = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            String json = """
                    {"resourceType":"DocumentReference","status":"current",
                     "type":{"coding":[{"system":"http://loinc.org","code":"11502-2","display":"Laboratory report"}]},
                     "description":"%s %d"}""".formatted(titlePrefix, i);
            rows.add(new BulkLoad.Row(id, d.id(), "urn:oid:1.2.250.1.999.7." + Math.abs(id.getMostSignificantBits()), Demo.gp(), "10",
                    "11502-2", "application/pdf", json, Mhd.pdf(titlePrefix + " " + i)));
        }
        load.insert(rows);
        return ids;
    }

    static Patients patients(int port, Notifications notifications) {
        return new Patients(new Http(port), notifications);
    }
}
