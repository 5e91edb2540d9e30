package health.carnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Module boundaries (STYLE, issue #10): each top-level package is a module whose own package is its
 * API and whose sub-packages are internal (or a named interface, like {@code dossier :: operator});
 * each module's {@code package-info} declares the modules it may depend on. Fails when a module
 * reaches into another's internals, depends on a module it did not declare, or when modules depend
 * on each other in a cycle. Writes the module diagrams into {@code docs/modules}.
 */
class ModuleBoundariesTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(CarnetApplication.class);

    @Test
    void modulesOnlyUseEachOthersPublicApiAndTheDependenciesTheyDeclare() {
        MODULES.verify();
    }

    @Test
    void theVerificationSeesTheModulesItGuards() {
        // an architecture rule that matches nothing passes silently: make sure it sees the modules
        assertThat(MODULES.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
                .contains("shared", "platform", "directory", "security", "fhir", "demo", "access", "document", "dossier", "audit",
                        "crypto", "cli");
        // the operator's named interfaces are seen, so that only the modules declaring them reach them
        assertThat(MODULES.getModuleByName("dossier").orElseThrow().getNamedInterfaces().getByName("operator")).isPresent();
    }

    @Test
    void writesTheModuleDiagramsIntoTheDocs() throws Exception {
        Path docs = Path.of("../docs/modules");
        new Documenter(MODULES, docs.toString()).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
        assertThat(docs.resolve("components.puml")).exists();
        assertThat(Files.readString(docs.resolve("components.puml"))).contains("Access", "Document", "Dossier");
    }
}
