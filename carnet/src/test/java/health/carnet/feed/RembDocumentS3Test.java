package health.carnet.feed;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.demo.DemoPatients;
import health.carnet.document.internal.S3ContentStore;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.notification.Notifications;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Patients;
import health.carnet.support.S3Server;
import health.carnet.support.S3Store;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * FEED-4 with issue #15: the insurer's REMB document keeps its body where every document's goes.
 * With bodies in S3, a REMB filed again (here at once, in the patient's request hiding a kind)
 * goes to the object store, sealed, and reads back as text; with the store down the patient's change
 * is refused (503) and nothing changes, so the document never shows what the patient hid.
 */
@IntegrationTest
@S3Store
class RembDocumentS3Test {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    Notifications notifications;
    @Autowired
    JdbcClient jdbc;

    private HttpResponse<String> upload(Http http, String body) {
        String insurer = Http.json(http.tokenResponse("cnam-feed", "demo-insurer-secret", "feed")).get("access_token").asText();
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/feed/import?name=remb-s3.csv"))
                .header("Authorization", "Bearer " + insurer).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private record Current(UUID id, String store) {
    }

    private Current current(Dossier d) {
        return jdbc.sql("select id, content_store from document where dossier_id = ? and type_code = 'REMB' and status = 'current'")
                .param(d.id()).query((rs, n) -> new Current(rs.getObject(1, UUID.class), rs.getString(2))).single();
    }

    private String retrieve(Http http, String token, UUID doc) {
        HttpResponse<byte[]> r = http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Binary/" + doc))
                .header("Authorization", "Bearer " + token).header("Accept", "text/plain").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void feed4TheRembBodyGoesToTheObjectStoreAndAStoreDownRefusesTheChange() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "alice.perrin");
        String nir = DemoPatients.byLogin("alice.perrin").nir();
        String consultation = "Consultation " + ClaimFiles.id("rembs3");
        String medicine = "Atorvastatine " + ClaimFiles.id("rembs3");
        HttpResponse<String> imported = upload(http, String.join("\n", ClaimFiles.HEADER,
                ClaimFiles.consultation(ClaimFiles.id("rembs3"), nir, ClaimFiles.daysAgo(30)).replace("Consultation de médecine générale", consultation),
                ClaimFiles.medicine(ClaimFiles.id("rembs3"), nir, ClaimFiles.daysAgo(29)).replace("Atorvastatine 20 mg, 30 comprimés", medicine)) + "\n");
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        String patient = new Patients(http, notifications).token("alice.perrin");
        String settings = "/api/dossiers/" + d.id() + "/care-history/settings";
        try {
            // filed again at once, in this request (FEED-4), by this context: its body goes to S3
            assertThat(http.put(settings, patient, Map.of("hiddenKinds", List.of("MEDICINE"))).statusCode()).isEqualTo(200);
            Current remb = current(d);
            assertThat(remb.store()).isEqualTo(S3ContentStore.NAME);
            assertThat(jdbc.sql("select count(*) from document_content where dossier_id = ? and document_id = ?")
                    .params(d.id(), remb.id()).query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from document_object_sweep where dossier_id = ? and document_id = ?")
                    .params(d.id(), remb.id()).query(Long.class).single()).as("committed: no orphan recorded").isZero();
            assertThat(S3Server.bucketDirectory().resolve(S3ContentStore.key(d.id(), remb.id()))).exists();
            assertThat(retrieve(http, patient, remb.id())).startsWith("DONNÉES DE REMBOURSEMENT").contains(consultation)
                    .doesNotContain(medicine);

            // the object store down: the change is refused and nothing moves (no REMB without its body)
            S3Server.stop();
            HttpResponse<String> refused = http.put(settings, patient, Map.of("hiddenKinds", List.of()));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).doesNotContain("Exception").doesNotContain("software.amazon");
            assertThat(current(d)).isEqualTo(remb);
            S3Server.start();
            assertThat(retrieve(http, patient, remb.id())).doesNotContain(medicine);
        } finally {
            S3Server.start();
            http.put(settings, patient, Map.of("hiddenKinds", List.of()));
        }
        Current shown = current(d);
        assertThat(shown.store()).isEqualTo(S3ContentStore.NAME);
        assertThat(retrieve(http, patient, shown.id())).contains(consultation, medicine);
    }
}
