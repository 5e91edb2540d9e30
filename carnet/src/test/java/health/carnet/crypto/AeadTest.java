package health.carnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

/** SEC-1: the AES-256-GCM envelope, pure. */
class AeadTest {

    static SecretKey key() throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("AES");
        g.init(256);
        return g.generateKey();
    }

    @Test
    void opensWhatItSealedAndNeverRepeatsACiphertext() throws Exception {
        SecretKey k = key();
        byte[] plain = "compte rendu".getBytes(StandardCharsets.UTF_8);
        byte[] a = Aead.seal(k, plain, "doc:1".getBytes());
        byte[] b = Aead.seal(k, plain, "doc:1".getBytes());
        assertThat(a).isNotEqualTo(b);
        assertThat(Aead.open(k, a, "doc:1".getBytes())).isEqualTo(plain);
    }

    @Test
    void refusesAnotherKeyAnotherPlaceOrAlteredBytes() throws Exception {
        SecretKey k = key();
        byte[] sealed = Aead.seal(k, "x".getBytes(), "doc:1".getBytes());
        assertThatThrownBy(() -> Aead.open(key(), sealed, "doc:1".getBytes())).hasMessageContaining("Decryption failed");
        assertThatThrownBy(() -> Aead.open(k, sealed, "doc:2".getBytes())).hasMessageContaining("Decryption failed");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> Aead.open(k, sealed, "doc:1".getBytes())).hasMessageContaining("Decryption failed");
    }
}
