package health.carnet.fhir.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pre-decoding of ITI-65 content, without Spring: what is taken out, what is left for HAPI. */
class InlineContentTest {

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void largeValidDataOfBinariesAndAttachmentsIsDecodedOnceAndReplacedByAPlaceholder() {
        byte[] binary = random(5000, 1);
        byte[] attachment = random(3000, 2);
        String small = Base64.getEncoder().encodeToString(random(10, 3));
        String notBase64 = "%" + Base64.getEncoder().encodeToString(random(3000, 4)).substring(1);
        String json = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Binary","contentType":"application/pdf","data":"%s"}},
                 {"resource":{"resourceType":"DocumentReference","content":[{"attachment":{"data":"%s","size":3000}}]}},
                 {"resource":{"resourceType":"Binary","data":"%s"}},
                 {"resource":{"resourceType":"Binary","data":"%s"}},
                 {"resource":{"resourceType":"Patient","extension":[{"url":"x","valueString":"%s"}]}}]}"""
                .formatted(Base64.getEncoder().encodeToString(binary), Base64.getEncoder().encodeToString(attachment), small,
                        notBase64, Base64.getEncoder().encodeToString(binary));
        Map<String, byte[]> decoded = new HashMap<>();
        String rewritten = new String(InlineContent.extract(json.getBytes(StandardCharsets.UTF_8), decoded), StandardCharsets.UTF_8);

        assertThat(decoded).containsOnlyKeys("/entry/0/resource/data", "/entry/1/resource/content/0/attachment/data");
        assertThat(decoded.get("/entry/0/resource/data")).isEqualTo(binary);
        assertThat(decoded.get("/entry/1/resource/content/0/attachment/data")).isEqualTo(attachment);
        assertThat(rewritten).contains("\"data\":\"AA==\",\"size\":3000").contains("\"data\":\"" + small + "\"")
                .contains(notBase64).contains("\"valueString\":\"" + Base64.getEncoder().encodeToString(binary) + "\"");
        assertThat(rewritten.length()).isLessThan(json.length() - 10000);
    }

    @Test
    void malformedJsonIsLeftWholeForHapisOwnError() {
        byte[] body = ("{\"entry\":[{\"resource\":{\"data\":\"" + Base64.getEncoder().encodeToString(random(2000, 5)) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> decoded = new HashMap<>();
        assertThat(InlineContent.extract(body, decoded)).isEqualTo(body);
        assertThat(decoded).isEmpty();
    }
}
