package health.carnet.directory;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Search over the demo directory: by name, specialty and city, case- and accent-insensitive, paged. */
@IntegrationTest
class DirectorySearchTest {

    @Autowired
    Directory directory;

    @Test
    void findsByNamePrefixIgnoringCaseAndAccents() {
        assertThat(directory.searchProfessionals(new DirectoryQuery("LEFEVRE", null, null, null, 0, 10)).items())
                .extracting(Professional::lastName).containsExactly("Lefèvre");
        assertThat(directory.searchProfessionals(new DirectoryQuery("clém", null, null, null, 0, 10)).items())
                .extracting(Professional::lastName).containsExactly("Clément");
    }

    @Test
    void findsBySpecialtyAndCity() {
        var page = directory.searchActivities(new DirectoryQuery(null, "SM04", "lyon", null, 0, 10));
        assertThat(page.items()).extracting(a -> a.structure().city()).containsOnly("Lyon");
        assertThat(page.items()).extracting(Activity::specialtyCode).containsOnly("SM04");
        assertThat(page.items()).isNotEmpty();
    }

    @Test
    void pagesWithoutRepeatingOrSkipping() {
        var first = directory.searchActivities(new DirectoryQuery(null, "SM54", null, null, 0, 3));
        var second = directory.searchActivities(new DirectoryQuery(null, "SM54", null, null, 3, 3));
        assertThat(first.items()).hasSize(3);
        assertThat(first.hasMore()).isTrue();
        assertThat(second.items()).doesNotContainAnyElementsOf(first.items());
        var all = directory.searchActivities(new DirectoryQuery(null, "SM54", null, null, 0, 100));
        assertThat(all.items().subList(0, 6)).containsExactlyElementsOf(
                java.util.stream.Stream.concat(first.items().stream(), second.items().stream()).toList());
        assertThat(all.hasMore()).isFalse();
    }
}
