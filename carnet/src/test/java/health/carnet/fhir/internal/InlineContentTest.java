package health.carnet.fhir.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
        InlineContent.Decoded decoded = new InlineContent.Decoded();
        String rewritten = new String(InlineContent.extract(json.getBytes(StandardCharsets.UTF_8), decoded), StandardCharsets.UTF_8);

        Map<String, byte[]> byPointer = decoded.byPointer();
        assertThat(byPointer).containsOnlyKeys("/entry/0/resource/data", "/entry/1/resource/content/0/attachment/data");
        assertThat(byPointer.get("/entry/0/resource/data")).isEqualTo(binary);
        assertThat(byPointer.get("/entry/1/resource/content/0/attachment/data")).isEqualTo(attachment);
        String marker = Base64.getEncoder().encodeToString(decoded.marker(1));
        assertThat(rewritten).contains("\"data\":\"" + marker + "\",\"size\":3000").contains("\"data\":\"" + small + "\"")
                .contains(notBase64).contains("\"valueString\":\"" + Base64.getEncoder().encodeToString(binary) + "\"");
        assertThat(rewritten.length()).isLessThan(json.length() - 10000);
    }

    @Test
    void malformedJsonIsLeftWholeForHapisOwnError() {
        byte[] body = ("{\"entry\":[{\"resource\":{\"data\":\"" + Base64.getEncoder().encodeToString(random(2000, 5)) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        InlineContent.Decoded decoded = new InlineContent.Decoded();
        assertThat(InlineContent.extract(body, decoded)).isEqualTo(body);
        assertThat(decoded.byPointer()).isEmpty();
    }

    /** Issue #10 item 4: the hand-over fails closed. A marker swaps for its bytes; what nobody took is a 400, never stored. */
    @Test
    void theHandOverSwapsMarkersForTheirBytesAndFailsClosed() {
        InlineContent.Decoded decoded = new InlineContent.Decoded();
        byte[] pdf = random(4000, 6);
        int first = decoded.add("/entry/1/resource/data", pdf);
        decoded.add("/entry/3/resource/data", random(2000, 7));
        assertThat(decoded.content(decoded.marker(first))).isEqualTo(pdf);
        byte[] ordinary = random(16, 8);
        assertThat(decoded.content(ordinary)).isSameAs(ordinary);
        org.assertj.core.api.Assertions.assertThatThrownBy(decoded::requireAllTaken)
                .isInstanceOf(health.carnet.shared.Problem.class).hasMessageContaining("/entry/3/resource/data");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoded.content(decoded.marker(7)))
                .isInstanceOf(health.carnet.shared.Problem.class);
        // another request's marker is ordinary bytes here: markers are drawn per request
        assertThat(new InlineContent.Decoded().content(decoded.marker(first))).hasSize(16);
    }
}
