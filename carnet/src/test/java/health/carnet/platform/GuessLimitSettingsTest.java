package health.carnet.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * SEC-5 gives no figure: each guess limit's threshold, window and lock are the operator's to set
 * ({@code carnet.guess-limits.<limit>.max|window|lock}), with the defaults the enum names. The
 * limits' counting itself is proven against PostgreSQL by LoginLimitsTest and CarteVitaleLimitsTest.
 */
class GuessLimitSettingsTest {

    static GuessLimits with(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        // the conversions Spring Boot gives the application's environment ("24h", "15m")
        env.setConversionService(new ApplicationConversionService());
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        // settings only: no guess is counted here, so no repository nor transactions are needed
        return new GuessLimits(null, null, Clock.systemUTC(), env);
    }

    @Test
    void sec5_eachLimitKeepsItsDefaultsUnlessTheOperatorSetsThem() {
        GuessLimits limits = with(Map.of("carnet.guess-limits.password.max", "3",
                "carnet.guess-limits.carte-vitale-professional.window", "12h", "carnet.guess-limits.login-code.lock", "30m"));
        assertThat(limits.setting(GuessLimits.Limit.PASSWORD)).isEqualTo(new GuessLimits.Setting(3,
                GuessLimits.Limit.PASSWORD.window(), GuessLimits.Limit.PASSWORD.lock()));
        assertThat(limits.setting(GuessLimits.Limit.CARTE_VITALE_PROFESSIONAL).window()).isEqualTo(Duration.ofHours(12));
        assertThat(limits.setting(GuessLimits.Limit.CARTE_VITALE_PROFESSIONAL).max())
                .isEqualTo(GuessLimits.Limit.CARTE_VITALE_PROFESSIONAL.max());
        assertThat(limits.setting(GuessLimits.Limit.LOGIN_CODE).lock()).isEqualTo(Duration.ofMinutes(30));
        assertThat(limits.setting(GuessLimits.Limit.CREATION)).isEqualTo(new GuessLimits.Setting(GuessLimits.Limit.CREATION.max(),
                GuessLimits.Limit.CREATION.window(), GuessLimits.Limit.CREATION.lock()));
    }

    @Test
    void sec5_aLimitThatWouldNeverLockStopsTheStart() {
        assertThatThrownBy(() -> with(Map.of("carnet.guess-limits.password.max", "0"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> with(Map.of("carnet.guess-limits.password.lock", "0s"))).isInstanceOf(IllegalArgumentException.class);
    }
}
