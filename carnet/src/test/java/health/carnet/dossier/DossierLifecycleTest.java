package health.carnet.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.carnet.shared.Problem;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** DOS-5, DOS-6: the lifecycle's transitions, pure. */
class DossierLifecycleTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    @Test
    void closesAnActiveDossierAndArchivesItTenYears() {
        assertThat(DossierLifecycle.close(DossierState.ACTIVE)).isEqualTo(DossierState.CLOSED);
        assertThat(DossierLifecycle.destroyAfter(TODAY)).isEqualTo(LocalDate.of(2036, 11, 24));
    }

    @Test
    void refusesToCloseTwiceOrToCloseADestroyedDossier() {
        assertThatThrownBy(() -> DossierLifecycle.close(DossierState.CLOSED)).isInstanceOf(Problem.class)
                .hasMessageContaining("already closed").extracting(e -> ((Problem) e).kind()).isEqualTo(Problem.Kind.CONFLICT);
        assertThatThrownBy(() -> DossierLifecycle.close(DossierState.DESTROYED))
                .extracting(e -> ((Problem) e).kind()).isEqualTo(Problem.Kind.GONE);
    }

    @Test
    void reopensWithinTheTenYearsOnly() {
        LocalDate destroyAfter = DossierLifecycle.destroyAfter(TODAY);
        assertThat(DossierLifecycle.reopen(DossierState.CLOSED, destroyAfter, destroyAfter.minusDays(1))).isEqualTo(DossierState.ACTIVE);
        assertThatThrownBy(() -> DossierLifecycle.reopen(DossierState.CLOSED, destroyAfter, destroyAfter))
                .hasMessageContaining("10-year").extracting(e -> ((Problem) e).kind()).isEqualTo(Problem.Kind.GONE);
    }

    @Test
    void refusesToReopenAnActiveOrDestroyedDossier() {
        assertThatThrownBy(() -> DossierLifecycle.reopen(DossierState.ACTIVE, null, TODAY))
                .extracting(e -> ((Problem) e).kind()).isEqualTo(Problem.Kind.CONFLICT);
        assertThatThrownBy(() -> DossierLifecycle.reopen(DossierState.DESTROYED, null, TODAY))
                .hasMessageContaining("destroyed").extracting(e -> ((Problem) e).kind()).isEqualTo(Problem.Kind.GONE);
    }

    @Test
    void destroysActiveOrClosedDossiersOnceAndForAll() {
        assertThat(DossierLifecycle.destroy(DossierState.ACTIVE)).isEqualTo(DossierState.DESTROYED);
        assertThat(DossierLifecycle.destroy(DossierState.CLOSED)).isEqualTo(DossierState.DESTROYED);
        assertThatThrownBy(() -> DossierLifecycle.destroy(DossierState.DESTROYED)).isInstanceOf(Problem.class);
    }

    @Test
    void retentionDestroysClosedDossiersOnTheirDayAndNotBefore() {
        LocalDate day = LocalDate.of(2036, 11, 24);
        assertThat(DossierLifecycle.dueForDestruction(DossierState.CLOSED, day, day.minusDays(1))).isFalse();
        assertThat(DossierLifecycle.dueForDestruction(DossierState.CLOSED, day, day)).isTrue();
        assertThat(DossierLifecycle.dueForDestruction(DossierState.ACTIVE, day, day.plusYears(1))).isFalse();
        assertThat(DossierLifecycle.dueForDestruction(DossierState.CLOSED, null, day)).isFalse();
    }

    @Test
    void majorityIsAtEighteen() {
        LocalDate birth = LocalDate.of(2008, 11, 25);
        assertThat(Minors.isMinor(birth, TODAY)).isTrue();
        assertThat(Minors.isMinor(birth, TODAY.plusDays(1))).isFalse();
        assertThat(Minors.age(birth, TODAY)).isEqualTo(17);
    }
}
