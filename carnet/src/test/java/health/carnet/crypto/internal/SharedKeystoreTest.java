package health.carnet.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.crypto.MasterKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEC-1 with several servers on one keystore file (or a database restored beside a newer keystore):
 * a version of a group key that another instance destroyed and made again is read afresh from the
 * file, not from this instance's stale copy, so the data keys wrapped under the new one still open.
 * Plain JUnit, two instances on one file.
 */
class SharedKeystoreTest {

    @Test
    void aKeyVersionDestroyedAndMadeAgainByAnotherInstanceStillUnwraps(@TempDir Path dir) {
        Path file = dir.resolve("master-keys.p12");
        char[] password = "test-password".toCharArray();
        KeystoreMasterKeys a = new KeystoreMasterKeys(file, password);
        KeystoreMasterKeys b = new KeystoreMasterKeys(file, password);
        byte[] dataKey = new byte[32];
        dataKey[0] = 7;

        // b opens group-1-v2 as it first was
        MasterKeys.Wrapped first = a.wrapWith("group-1-v2", dataKey);
        assertThat(b.unwrap(first.keyId(), first.bytes())).isEqualTo(dataKey);

        // a destroys that version, then a later re-key makes the same name again: another key
        a.wrapWith("group-1-v3", dataKey);
        a.destroy("group-1-v2");
        MasterKeys.Wrapped again = a.wrapWith("group-1-v2", dataKey);
        assertThat(again.bytes()).isNotEqualTo(first.bytes());

        assertThat(b.unwrap(again.keyId(), again.bytes())).as("b reads the file again instead of its stale copy").isEqualTo(dataKey);
    }
}
