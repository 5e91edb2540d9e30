package health.carnet.audit.internal;

import health.carnet.audit.AuditKeys;
import health.carnet.audit.AuditSettings;
import health.carnet.platform.CarnetSettings;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    /** The keystore audit keys, unless another {@link AuditKeys} (an HSM or KMS adapter) is defined. */
    @Bean
    @ConditionalOnMissingBean(AuditKeys.class)
    AuditKeys keystoreAuditKeys(CarnetSettings carnet, AuditSettings settings) {
        Path file = settings.keystore() != null ? settings.keystore() : carnet.home().resolve("audit-keys.p12");
        return KeystoreAuditKeys.embeddedDefault(file.toAbsolutePath(), settings.keystorePassword());
    }
}
