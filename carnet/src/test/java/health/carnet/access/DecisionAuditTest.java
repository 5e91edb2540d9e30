package health.carnet.access;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.audit.AuditRecord;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.support.AuditEntries;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #10, AUD-1: the audit entry of each decision is the decision. A refusal is one DENY entry
 * under the action that was asked and the rule that refused it: no PERMIT written before a refusal
 * (the médecin traitant's transfer), no "MANAGE_CONSENTS / consultation" for whatever was refused.
 */
@IntegrationTest
class DecisionAuditTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    JdbcClient jdbc;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    /** The entries written for the dossier since the newest one before the request, oldest first. */
    List<AuditRecord> since(Dossier d, long before) {
        return AuditEntries.of(jdbc, d.id(), 50).stream().filter(a -> a.id() > before)
                .sorted(java.util.Comparator.comparingLong(AuditRecord::id)).toList();
    }

    long newest(Dossier d) {
        return AuditEntries.of(jdbc, d.id(), 1).stream().mapToLong(AuditRecord::id).max().orElse(0);
    }

    @Test
    void aTransferOfTheMedecinTraitantWithoutThePatientsAgreementIsOneDenyAndNoPermit() {
        Dossier d = Demo.dossier(dossiers, "jean.moreau");   // Dr Martin is his médecin traitant (ACC-6)
        long before = newest(d);
        HttpResponse<String> r = http.put("/api/dossiers/" + d.id() + "/medecin-traitant", http.softwareToken(Demo.gp()),
                Map.of("idnps", Demo.person("Bernard").idnps()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        List<AuditRecord> entries = since(d, before);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).action()).isEqualTo("DESIGNATE_MEDECIN_TRAITANT");
        assertThat(entries.get(0).outcome()).isEqualTo("DENY");
        assertThat(entries.get(0).rule()).isEqualTo("ACC-6");
        assertThat(dossiers.find(d.id()).orElseThrow().medecinTraitant()).isEqualTo(Demo.gp());
    }

    @Test
    void aProfessionalEnteringThePatientsOwnInformationIsRefusedUnderThatActionByDoc2() {
        Dossier d = Demo.dossier(dossiers, "jean.moreau");
        long before = newest(d);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/AllergyIntolerance"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + http.softwareToken(Demo.gp()))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"resourceType":"AllergyIntolerance","patient":{"reference":"Patient/%s"},"code":{"text":"Latex"}}"""
                        .formatted(d.id()))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        List<AuditRecord> entries = since(d, before);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).action()).isEqualTo("WRITE_PATIENT_ENTRY");
        assertThat(entries.get(0).outcome()).isEqualTo("DENY");
        assertThat(entries.get(0).rule()).isEqualTo("DOC-2");
    }

    @Test
    void aProfessionalRecordingThePatientsConsentIsRefusedAsThatConsentNotAsAConsultation() {
        Dossier d = Demo.dossier(dossiers, "jean.moreau");
        long before = newest(d);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Consent"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + http.softwareToken(Demo.gp()))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"resourceType":"Consent","status":"active",
                         "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
                         "category":[{"coding":[{"system":"https://carnet.health/fhir/CodeSystem/consent-kind","code":"AUTHORISE"}]}],
                         "patient":{"reference":"Patient/%s"},
                         "provision":{"type":"permit","actor":[{"reference":{"reference":"Practitioner/%s"}}]}}"""
                        .formatted(d.id(), Demo.person("Bernard").idnps()))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        List<AuditRecord> entries = since(d, before);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).action()).isEqualTo("MANAGE_CONSENTS");
        assertThat(entries.get(0).target()).startsWith("Consent AUTHORISE");
        assertThat(entries.get(0).rule()).isEqualTo("ACC-6");
        assertThat(entries.get(0).outcome()).isEqualTo("DENY");
    }
}
