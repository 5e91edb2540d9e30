package health.carnet.web;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.Dossiers;
import health.carnet.dossier.operator.DemoSupport;
import health.carnet.notification.Notifications;
import health.carnet.support.Browser;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import health.carnet.support.Patients;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * MIN-3 with AUD-2 in the patients' portal: the "Historique des accès" a legal representative reads
 * neither names nor betrays (by an entry "A ajouté un document") a document hidden from them, as
 * the AuditEvent search already does; the médecin traitant, who sees the document, finds it in the history.
 */
@IntegrationTest
class HistoryHiddenDocumentsBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Notifications notifications;
    @Autowired
    Dossiers dossiers;
    @Autowired
    DemoSupport support;

    @Test
    void min3_theRepresentativesHistoryPageDoesNotBetrayADocumentHiddenFromThem() {
        Http http = new Http(port);
        Patients patients = new Patients(http, notifications);
        FreshMinor minor = FreshMinor.create(http, patients, support);
        var dossier = dossiers.find(minor.dossierId()).orElseThrow();
        PortalPages.deposit(http, dossier, Mhd.Doc.pdf("entretien confidentiel").labelled("INVISIBLE_REPRESENTANTS_LEGAUX"));
        try (Browser b = Browser.phone(port)) {
            minor.login(b, patients, true);
            b.get("/portail/historique?filtre=professionnels");
            b.await("main h1");
            assertThat(b.text()).contains("Dr Claire Martin").contains("A modifié les autorisations").doesNotContain("A ajouté un document");
            b.assertAccessible().screenshot("portail-40-historique-representant");
            b.get("/portail/accueil");
            assertThat(b.text()).doesNotContain("A ajouté un document");

            // the médecin traitant (designated by the representative, ACC-6), who sees the document, finds its deposit in the history
            String rep = patients.token(minor.repLogin(), FreshMinor.NEW_PASSWORD, minor.repEmail());
            HttpResponse<String> designated = http.put("/api/dossiers/" + minor.dossierId() + "/medecin-traitant", rep,
                    java.util.Map.of("idnps", Demo.gp()));
            assertThat(designated.statusCode()).as(designated.body()).isEqualTo(200);
            String gp = http.softwareToken(Demo.gp());
            String hiddenId = FhirContext.forR4Cached().newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class,
                            http.get("/fhir/DocumentReference?patient=Patient/" + minor.dossierId(), gp).body())
                    .getEntry().get(0).getResource().getIdElement().getIdPart();
            HttpResponse<String> gpHistory = http.get("/fhir/AuditEvent?patient=Patient/" + minor.dossierId() + "&_count=100", gp);
            assertThat(gpHistory.statusCode()).as(gpHistory.body()).isEqualTo(200);
            assertThat(gpHistory.body()).contains(hiddenId);
            HttpResponse<String> repHistory = http.get("/fhir/AuditEvent?patient=Patient/" + minor.dossierId() + "&_count=100", rep);
            assertThat(repHistory.body()).doesNotContain(hiddenId);

            // a document the representative may see shows in the history at once: the filter hides only the hidden one
            PortalPages.deposit(http, dossier, Mhd.Doc.pdf("vaccin"));
            b.get("/portail/historique?filtre=professionnels");
            b.await("main h1");
            assertThat(b.all("#historique li").stream().filter(li -> li.getText().contains("A ajouté un document")).count()).isEqualTo(1);
        }
    }
}
