package health.carnet.access;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import health.carnet.shared.Permit;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #10: a permit cannot be made outside the gate. The permit is a final class with no
 * constructor anyone else may call, no accessor that leads to its maker, and the maker is handed
 * out once, to the gate, when the gate loads.
 */
class PermitIsMadeOnlyByTheGateTest {

    @Test
    void aPermitIsAFinalClassWithoutAnyCallableConstructor() {
        assertThat(Modifier.isFinal(Permit.class.getModifiers())).isTrue();
        assertThat(Permit.class.isRecord()).as("a record's canonical constructor is public").isFalse();
        for (Constructor<?> c : Permit.class.getDeclaredConstructors()) {
            assertThat(Modifier.isPrivate(c.getModifiers())).as(c.toString()).isTrue();
        }
        for (Constructor<?> c : Permit.Issuer.class.getDeclaredConstructors()) {
            assertThat(Modifier.isPrivate(c.getModifiers())).as(c.toString()).isTrue();
        }
        assertThat(Permit.class.getDeclaredConstructors()).isNotEmpty();
    }

    @Test
    void noMethodOrFieldOfAPermitLeadsToItsMaker() {
        List<Method> instanceMethods = Arrays.stream(Permit.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers())).toList();
        assertThat(instanceMethods).extracting(Method::getName)
                .contains("actorId", "dossierId", "action", "rule", "auditId");
        assertThat(instanceMethods).noneMatch(m -> m.getReturnType() == Permit.Issuer.class);
        for (Field f : Permit.class.getDeclaredFields()) {
            assertThat(Modifier.isPublic(f.getModifiers()) || Modifier.isProtected(f.getModifiers())).as(f.toString()).isFalse();
            if (f.getType() == Permit.Issuer.class || f.getType() == java.util.concurrent.atomic.AtomicBoolean.class) {
                assertThat(Modifier.isStatic(f.getModifiers())).as("the issuer is not carried by a permit: " + f).isTrue();
            }
        }
        // the only static way to the issuer is the one-time claim, checked below
        assertThat(Arrays.stream(Permit.class.getMethods()).filter(m -> m.getReturnType() == Permit.Issuer.class)
                .map(Method::getName)).containsExactly("claimIssuer");
    }

    @Test
    void theIssuerWasClaimedByTheGateAndCannotBeClaimedAgain() throws Exception {
        Class.forName(Gate.class.getName(), true, getClass().getClassLoader());
        assertThatThrownBy(Permit::claimIssuer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already claimed");
        assertThatThrownBy(Permit::claimIssuer).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyTheGateReachesTheIssuer() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("health.carnet");
        assertThat(classes.contain(Gate.class)).as("the rule sees the gate").isTrue();
        noClasses().that().doNotHaveFullyQualifiedName(Gate.class.getName())
                .and().doNotHaveFullyQualifiedName(Permit.class.getName())
                .and().doNotHaveFullyQualifiedName(Permit.Issuer.class.getName())
                .should().dependOnClassesThat().haveFullyQualifiedName(Permit.Issuer.class.getName())
                .because("only the access gate mints permits (issue #10)")
                .check(classes);
    }
}
