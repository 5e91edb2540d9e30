package health.carnet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Module boundaries (STYLE): each top-level package is a module whose own package is its API and
 * whose sub-packages are internal. Fails when a module reaches into another's internals or when
 * modules depend on each other in a cycle.
 */
class ModuleBoundariesTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(CarnetApplication.class);

    @Test
    void modulesOnlyUseEachOthersPublicApi() {
        MODULES.verify();
    }

    @Test
    void theVerificationSeesTheModulesItGuards() {
        // an architecture rule that matches nothing passes silently: make sure it sees the modules
        assertThat(MODULES.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
                .contains("shared", "platform", "directory", "security", "fhir", "demo");
    }
}
