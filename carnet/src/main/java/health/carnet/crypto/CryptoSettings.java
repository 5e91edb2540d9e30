package health.carnet.crypto;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param keystore          the PKCS#12 keystore of master keys; default {@code <home>/master-keys.p12}
 * @param keystorePassword  its password; when blank on the embedded default, one is generated and
 *                          kept next to the keystore (with a loud warning: keep both off the database host)
 */
@ConfigurationProperties("carnet.crypto")
public record CryptoSettings(Path keystore, String keystorePassword) {
}
