package health.carnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.support.Demo;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.Binary;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SEC-1, issue #15: new document bodies are sealed in segments (format version 3), and the bodies
 * sealed by earlier versions still open through every read path: version 1 (the dossier's key,
 * before per-document keys) and version 2 (one AES-GCM over the whole body with the document's key),
 * small or larger than what the streamed retrieve checks before its first byte, as ITI-68 raw bytes
 * and as a FHIR Binary.
 */
@IntegrationTest
class DocumentFormatsTest {

    @LocalServerPort
    int port;
    @Autowired
    DossierCrypto crypto;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Dossiers dossiers;

    private static byte[] pdf(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        System.arraycopy("%PDF-1.4\n".getBytes(), 0, b, 0, 9);
        return b;
    }

    private static byte[] aad(UUID doc) {
        return ("content:" + doc).getBytes(StandardCharsets.UTF_8);
    }

    private UUID deposit(Http http, Dossier d, byte[] body) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + http.softwareToken(Demo.gp()))
                .POST(HttpRequest.BodyPublishers.ofString(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                        Mhd.bundle("Patient/" + d.id(), Demo.gp(), Mhd.Doc.pdf("formats").withBytes(body))))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return UUID.fromString(Http.json(r).at("/entry/1/response/location").asText().split("/")[1]);
    }

    private byte[] stored(UUID doc) {
        return jdbc.sql("select content from document_content where document_id = ?").param(doc).query(byte[].class).single();
    }

    private byte[] raw(Http http, UUID doc) {
        HttpResponse<byte[]> r = http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Binary/" + doc))
                .header("Authorization", "Bearer " + http.softwareToken(Demo.gp())).header("Accept", "application/pdf").build());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return r.body();
    }

    private byte[] asFhirBinary(Http http, UUID doc) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Binary/" + doc))
                .header("Authorization", "Bearer " + http.softwareToken(Demo.gp())).header("Accept", "application/fhir+json").build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return FhirContext.forR4Cached().newJsonParser().parseResource(Binary.class, r.body()).getData();
    }

    @Test
    void newBodiesAreSegmentedAndBodiesOfEveryEarlierVersionStillOpen() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "thomas.blanc");
        for (int size : new int[] {3 * 1024, 200 * 1024}) {
            byte[] body = pdf(size, size);
            UUID doc = deposit(http, d, body);
            assertThat(Aead.version(stored(doc))).isEqualTo(Aead.STREAM_VERSION);
            assertThat(raw(http, doc)).isEqualTo(body);

            // version 2, as sealed from per-document keys until issue #15: its own key, one GCM over the body
            DossierCrypto.DocumentSeal whole = crypto.sealDocumentWhole(d.id(), doc, body, aad(doc));
            assertThat(Aead.version(whole.sealed())).isEqualTo(Aead.DOCUMENT_KEY_VERSION);
            jdbc.sql("update crypto_document_key set wrapped_key = ? where dossier_id = ? and document_id = ?")
                    .params(whole.wrappedKey(), d.id(), doc).update();
            jdbc.sql("update document_content set content = ? where dossier_id = ? and document_id = ?")
                    .params(whole.sealed(), d.id(), doc).update();
            assertThat(raw(http, doc)).as("version 2, %d bytes", size).isEqualTo(body);
            assertThat(asFhirBinary(http, doc)).isEqualTo(body);

            // version 1, before per-document keys: the dossier's key
            byte[] legacy = crypto.seal(d.id(), body, aad(doc));
            assertThat(Aead.version(legacy)).isEqualTo(1);
            jdbc.sql("update document_content set content = ? where dossier_id = ? and document_id = ?").params(legacy, d.id(), doc).update();
            assertThat(raw(http, doc)).as("version 1, %d bytes", size).isEqualTo(body);
            assertThat(asFhirBinary(http, doc)).isEqualTo(body);
        }
    }
}
