package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.dossier.operator.DemoSupport;
import health.carnet.shared.Ins;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.Insured;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A new minor (8 years old) nobody else's test touches, created by Dr Martin with one legal
 * representative (DOS-4, MIN-1), whose credentials are read as delivered by email: the history and
 * copy tests count entries on it without other tests' deposits getting in the way.
 */
record FreshMinor(UUID dossierId, String childGivenNames, String repEmail, String repLogin, String repPassword) {

    static final String NEW_PASSWORD = "Parent-Nouveau-2026!";

    static FreshMinor create(Http http, Patients patients, DemoSupport support) {
        DemoSupport.Insured child = Insured.register(support, LocalDate.now().minusYears(8), "enfant-" + UUID.randomUUID() + "@patient.example");
        String repEmail = "parent-" + UUID.randomUUID() + "@parent.example";
        HttpResponse<String> r = http.post("/api/pro/dossiers", http.softwareToken(Demo.gp()), Map.ofEntries(
                Map.entry("insSystem", Ins.INS_NIR_SYSTEM), Map.entry("ins", child.nir()), Map.entry("familyName", child.familyName()),
                Map.entry("givenNames", child.givenNames()), Map.entry("birthDate", child.birthDate().toString()), Map.entry("sex", "M"),
                Map.entry("carteVitaleSerial", child.carteVitaleSerial()), Map.entry("consentMethod", "ORAL"), Map.entry("channel", "EMAIL"),
                Map.entry("email", child.email()), Map.entry("legalRepresentatives",
                        List.of(Map.of("familyName", "Testeur", "givenNames", "Anne", "email", repEmail, "channel", "EMAIL")))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String[] credentials = patients.credentialsSentTo(repEmail);
        UUID id = UUID.fromString(Http.json(r).get("dossierId").asText());
        // the creating GP declares the child present with the card (ACC-2): she may deposit from then on
        HttpResponse<String> consulted = http.post("/api/pro/dossiers/" + id + "/consultation", http.softwareToken(Demo.gp()),
                Map.of("carteVitale", child.carteVitaleSerial(), "consentDeclared", true));
        assertThat(consulted.statusCode()).as(consulted.body()).isEqualTo(201);
        return new FreshMinor(id, child.givenNames(), repEmail, credentials[0],
                credentials[1]);
    }

    /** The representative logs in to the portal and, the first time, replaces the initial password. */
    void login(Browser b, Patients patients, boolean first) {
        PortalPages.login(b, patients, repLogin, first ? repPassword : NEW_PASSWORD, repEmail);
        b.await("main h1");
        if (first) {
            b.type("#actuel", repPassword).type("#nouveau", NEW_PASSWORD).type("#confirmation", NEW_PASSWORD)
                    .click("main button[type=submit]");
            // the answer of the change (home page), not the change page it was sent from
            b.awaitPath("/portail/accueil");
        }
    }
}
