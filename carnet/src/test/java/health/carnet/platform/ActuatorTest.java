package health.carnet.platform;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health, info and Prometheus metrics are exposed, nothing else; health is UP with no mail server. */
@IntegrationTest
class ActuatorTest {

    @LocalServerPort
    int port;

    @Test
    void exposesHealthInfoAndPrometheusOnly() {
        Http http = new Http(port);
        var health = http.get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        assertThat(http.get("/actuator/info", null).statusCode()).isEqualTo(200);
        var prometheus = http.get("/actuator/prometheus", null);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
        for (String hidden : new String[] {"/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/configprops"}) {
            assertThat(http.get(hidden, null).statusCode()).as(hidden).isIn(302, 401, 404);
        }
    }
}
