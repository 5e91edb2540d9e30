package health.carnet.platform;

import static org.assertj.core.api.Assertions.assertThat;

import health.carnet.support.Http;
import health.carnet.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Health, info and Prometheus metrics are exposed, nothing else, on the management port bound to
 * loopback (issue #9 row 9: metrics are not on the public port); health is UP with no mail server;
 * the main port keeps only the liveness and readiness probes.
 */
@IntegrationTest
class ActuatorTest {

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @Test
    void exposesHealthInfoAndPrometheusOnlyOnTheManagementPort() {
        assertThat(managementPort).isNotEqualTo(port);
        Http management = new Http(managementPort);
        var health = management.get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        assertThat(management.get("/actuator/info", null).statusCode()).isEqualTo(200);
        var prometheus = management.get("/actuator/prometheus", null);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
        for (String hidden : new String[] {"/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/configprops"}) {
            assertThat(management.get(hidden, null).statusCode()).as(hidden).isIn(302, 401, 404);
        }
    }

    @Test
    void thePublicPortHasNoMetricsButKeepsTheProbes() {
        Http http = new Http(port);
        var prometheus = http.get("/actuator/prometheus", null);
        assertThat(prometheus.statusCode()).isIn(302, 401, 404);
        assertThat(prometheus.body()).doesNotContain("jvm_memory_used_bytes");
        assertThat(http.get("/livez", null).statusCode()).isEqualTo(200);
        assertThat(http.get("/readyz", null).statusCode()).isEqualTo(200);
    }
}
