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

    /**
     * {@code retire-master-keys}: destroys the master keys no dossier key needs any more (after a
     * rotation): once the backups taken before the rotation have expired, nothing in any remaining
     * copy needs them, and a dossier destroyed before the rotation is unreadable from every copy.
     */
    @Bean
    Command retireMasterKeys(DossierCrypto crypto) {
        return new Command() {
            @Override
            public String name() {
                return "retire-master-keys";
            }

            @Override
            public int run(List<String> args) {
                System.out.println("master keys destroyed: " + crypto.retireOldMasterKeys());
                return 0;
            }
        };
    }

    /** {@code destroy-ended-epochs}: what the daily job does, on demand. */
    @Bean
    Command destroyEndedEpochs(DossierCrypto crypto, java.time.Clock clock) {
        return new Command() {
            @Override
            public String name() {
                return "destroy-ended-epochs";
            }

            @Override
            public int run(List<String> args) {
                System.out.println("retention-period keys destroyed: "
                        + crypto.destroyEndedEpochs(java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)));
                return 0;
            }
        };
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
