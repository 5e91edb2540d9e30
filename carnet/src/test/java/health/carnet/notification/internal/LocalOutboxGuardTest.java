package health.carnet.notification.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** SEC-6, issue #9 row 2: the local outbox starts only in demo mode on a loopback bind, else Carnet refuses to start. */
class LocalOutboxGuardTest {

    @Test
    void startsInDemoModeOnLoopbackOnly() {
        assertThatCode(() -> LocalOutboxController.requireDemoOnLoopback(true, "127.0.0.1")).doesNotThrowAnyException();
        assertThatCode(() -> LocalOutboxController.requireDemoOnLoopback(true, "::1")).doesNotThrowAnyException();
        assertThatCode(() -> LocalOutboxController.requireDemoOnLoopback(true, "localhost")).doesNotThrowAnyException();
    }

    @Test
    void refusesAnyOtherBindWithAMessageSayingWhatToDo() {
        assertThatThrownBy(() -> LocalOutboxController.requireDemoOnLoopback(true, "0.0.0.0"))
                .hasMessageContaining("loopback").hasMessageContaining("CARNET_LOCAL_OUTBOX=false");
        assertThatThrownBy(() -> LocalOutboxController.requireDemoOnLoopback(true, ""))
                .hasMessageContaining("all interfaces");
        assertThatThrownBy(() -> LocalOutboxController.requireDemoOnLoopback(true, "192.0.2.10"))
                .hasMessageContaining("loopback");
    }

    @Test
    void refusesWithoutTheDemoData() {
        assertThatThrownBy(() -> LocalOutboxController.requireDemoOnLoopback(false, "127.0.0.1"))
                .hasMessageContaining("demo");
    }
}
