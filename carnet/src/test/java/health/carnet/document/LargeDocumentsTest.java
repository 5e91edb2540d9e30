package health.carnet.document;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.support.Demo;
import health.carnet.support.FhirValidation;
import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import health.carnet.support.Mhd;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * ITI-65 with documents large enough to be decoded before HAPI parses the bundle (InlineContent):
 * as a Binary entry and as inline attachment data, the exact bytes come back; size and hash are
 * still checked against the decoded bytes; a malformed base64 is still refused; nothing stored then.
 */
@IntegrationTest
class LargeDocumentsTest {

    @LocalServerPort
    int port;
    @Autowired
    Dossiers dossiers;
    @Autowired
    JdbcClient jdbc;

    private static byte[] pdf(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        System.arraycopy("%PDF-1.4\n".getBytes(), 0, b, 0, 9);
        return b;
    }

    private HttpResponse<String> post(Http http, String token, String json) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/fhir")).header("Content-Type", "application/fhir+json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private long documents(Dossier d) {
        return jdbc.sql("select count(*) from document where dossier_id = ?").param(d.id()).query(Long.class).single();
    }

    @Test
    void binaryAndInlineDocumentsComeBackByteForByte() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "thomas.blanc");
        String gp = http.softwareToken(Demo.gp());
        byte[] asBinary = pdf(200 * 1024, 1);
        byte[] inline = pdf(30 * 1024, 2);
        Bundle bundle = Mhd.bundle("Patient/" + d.id(), Demo.gp(), Mhd.Doc.pdf("a").withBytes(asBinary), Mhd.Doc.pdf("b").withBytes(inline));
        // the second document carries its bytes in the attachment instead of a Binary entry
        DocumentReference second = (DocumentReference) bundle.getEntry().get(3).getResource();
        second.getContentFirstRep().getAttachment().setUrl(null).setData(inline);
        bundle.getEntry().remove(4);
        HttpResponse<String> r = post(http, gp, FhirContext.forR4Cached().newJsonParser().encodeResourceToString(bundle));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Bundle response = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, r.body());
        String first = response.getEntry().get(1).getResponse().getLocation().split("/")[1];
        String other = response.getEntry().get(3).getResponse().getLocation().split("/")[1];
        for (var c : new Object[][] {{first, asBinary}, {other, inline}}) {
            HttpResponse<byte[]> got = http.sendBytes(HttpRequest.newBuilder(URI.create(http.base() + "/fhir/Binary/" + c[0]))
                    .header("Authorization", "Bearer " + gp).header("Accept", "application/pdf").build());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo((byte[]) c[1]);
        }
    }

    @Test
    void sizeHashAndMalformedBase64AreStillRefusedAndNothingIsStored() {
        Http http = new Http(port);
        Dossier d = Demo.dossier(dossiers, "thomas.blanc");
        String gp = http.softwareToken(Demo.gp());
        long before = documents(d);

        Bundle wrongHash = Mhd.bundle("Patient/" + d.id(), Demo.gp(), Mhd.Doc.pdf("x").withBytes(pdf(20 * 1024, 3)));
        ((DocumentReference) wrongHash.getEntry().get(1).getResource()).getContentFirstRep().getAttachment()
                .setHash(Mhd.sha1(pdf(20 * 1024, 4)));
        HttpResponse<String> hash = post(http, gp, FhirContext.forR4Cached().newJsonParser().encodeResourceToString(wrongHash));
        assertThat(hash.statusCode()).isEqualTo(422);
        assertThat(hash.body()).contains("hash");
        assertThat(FhirValidation.errors(hash.body())).isEmpty();

        Bundle wrongSize = Mhd.bundle("Patient/" + d.id(), Demo.gp(), Mhd.Doc.pdf("y").withBytes(pdf(20 * 1024, 5)));
        Attachment a = ((DocumentReference) wrongSize.getEntry().get(1).getResource()).getContentFirstRep().getAttachment();
        a.setSize(a.getSize() + 1);
        HttpResponse<String> size = post(http, gp, FhirContext.forR4Cached().newJsonParser().encodeResourceToString(wrongSize));
        assertThat(size.statusCode()).isEqualTo(422);
        assertThat(size.body()).contains("size");

        // a large value that is not base64: left to HAPI, which refuses it as before
        Bundle bad = Mhd.bundle("Patient/" + d.id(), Demo.gp(), Mhd.Doc.pdf("z").withBytes(pdf(20 * 1024, 6)));
        String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(bad);
        String data = ((Binary) bad.getEntry().get(2).getResource()).getDataElement().getValueAsString();
        HttpResponse<String> malformed = post(http, gp, json.replace(data, "%%%" + data.substring(3)));
        assertThat(malformed.statusCode()).isBetween(400, 422);
        assertThat(FhirValidation.errors(malformed.body())).isEmpty();

        assertThat(documents(d)).isEqualTo(before);
    }
}
