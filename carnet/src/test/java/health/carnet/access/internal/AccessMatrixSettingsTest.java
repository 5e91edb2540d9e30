package health.carnet.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.carnet.access.AccessMatrix;
import health.carnet.document.DocumentRules;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** ACC-7: "an access matrix, configurable, with a sensible default". */
class AccessMatrixSettingsTest {

    static AccessMatrix with(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return AccessConfiguration.matrix(env);
    }

    @Test
    void acc7_theOperatorOverridesAProfessionAndKeepsTheOthersDefaults() {
        AccessMatrix m = with(Map.of("carnet.access.matrix.21", "11, 60", "carnet.access.matrix.80", "11,90,52"));
        assertThat(m.mayRead("21", "60")).isTrue();
        assertThat(m.mayRead("21", "42")).as("the pharmacist's default classes are replaced, not added to").isFalse();
        assertThat(m.mayRead("80", "52")).isTrue();
        assertThat(m.mayRead("60", "42")).as("the nurse keeps the default").isTrue();
        assertThat(m.mayRead("10", "31")).as("doctors read every class").isTrue();
        assertThat(m.mayRead("99", "42")).as("an unlisted profession reads the summary and the patient's own").isFalse();
        assertThat(m.mayRead("99", "11")).isTrue();
    }

    @Test
    void acc7_aProfessionOrClassThatDoesNotExistStopsTheStart() {
        assertThatThrownBy(() -> with(Map.of("carnet.access.matrix.21", "11,6O"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6O");
        assertThatThrownBy(() -> with(Map.of("carnet.access.matrix.pharmacien", "11"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pharmacien");
    }

    @Test
    void acc7_theMatrixNamesTheClassesTheDocumentModuleKnows() {
        assertThat(AccessMatrix.CLASSES).isEqualTo(DocumentRules.CLASS_CODES.keySet());
    }
}
