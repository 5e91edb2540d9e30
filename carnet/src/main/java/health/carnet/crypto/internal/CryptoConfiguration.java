package health.carnet.crypto.internal;

import health.carnet.crypto.CryptoSettings;
import health.carnet.crypto.DossierCrypto;
import health.carnet.crypto.MasterKeys;
import health.carnet.platform.CarnetSettings;
import health.carnet.shared.Command;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    /** The keystore master keys, unless another {@link MasterKeys} (a KMS adapter) is defined. */
    @Bean
    @ConditionalOnMissingBean(MasterKeys.class)
    MasterKeys keystoreMasterKeys(CarnetSettings carnet, CryptoSettings settings) {
        Path file = settings.keystore() != null ? settings.keystore() : carnet.home().resolve("master-keys.p12");
        return KeystoreMasterKeys.embeddedDefault(file.toAbsolutePath(), settings.keystorePassword());
    }

    /** {@code rotate-master-key}: a new master key, then every data key re-wrapped, while the server runs. */
    @Bean
    Command rotateMasterKey(DossierCrypto crypto) {
        return new Command() {
            @Override
            public String name() {
                return "rotate-master-key";
            }

            @Override
            public int run(List<String> args) {
                String id = crypto.masterKeys().rotate();
                int n = crypto.rewrapAll();
                System.out.println("master key rotated to " + id + "; " + n + " dossier key(s) re-wrapped");
                return 0;
            }
        };
    }
}
