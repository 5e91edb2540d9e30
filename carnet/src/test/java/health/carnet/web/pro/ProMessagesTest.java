package health.carnet.web.pro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The two portals' messages share one message source ({@code spring.messages.basename=i18n/messages,i18n/pro}),
 * where the first file that defines a key wins silently: a key of the professionals' file that the
 * patients' file also defines never shows. That is how the professionals' creation page said "Saisissez
 * votre numéro de sécurité sociale…" (the patient's online creation), the document deletion page was
 * titled "Supprimer définitivement mon dossier", and the médecin traitant's history lost the break-glass
 * reason. No key may be in both, in either language.
 */
class ProMessagesTest {

    @Test
    void noKeyOfTheProfessionalsMessagesIsHiddenByThePatientsOnes() throws IOException {
        assertThat(shared("i18n/messages.properties", "i18n/pro.properties")).isEmpty();
        assertThat(shared("i18n/messages_en.properties", "i18n/pro_en.properties")).isEmpty();
    }

    private static Set<String> shared(String patients, String professionals) throws IOException {
        Set<String> both = new TreeSet<>(load(patients).stringPropertyNames());
        both.retainAll(load(professionals).stringPropertyNames());
        return both;
    }

    private static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = ProMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
