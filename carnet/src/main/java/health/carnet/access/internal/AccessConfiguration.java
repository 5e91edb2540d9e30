package health.carnet.access.internal;

import health.carnet.access.AccessMatrix;
import health.carnet.access.AccessPolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    /**
     * ACC-7's matrix: the default, with any profession overridden by
     * {@code carnet.access.matrix.<profession code>=<class codes, comma-separated, or *>}. A profession
     * or class that does not exist stops the start (a typo would otherwise hide documents silently).
     */
    @Bean
    AccessPolicy accessPolicy(Environment env) {
        return new AccessPolicy(matrix(env));
    }

    static AccessMatrix matrix(Environment env) {
        Map<String, Set<String>> matrix = new HashMap<>(AccessMatrix.defaults().classesByProfession());
        Binder.get(env).bind("carnet.access.matrix", org.springframework.boot.context.properties.bind.Bindable.mapOf(String.class, String.class))
                .ifBound(overrides -> overrides.forEach((profession, classes) ->
                        matrix.put(profession, Set.of(classes.replace(" ", "").split(",")))));
        return new AccessMatrix(matrix);
    }
}
