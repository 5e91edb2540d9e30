package health.carnet.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    DataSource dataSource(CarnetSettings settings) {
        CarnetSettings.Database db = settings.database();
        HikariConfig config = new HikariConfig();
        config.setPoolName("carnet");
        config.setMaximumPoolSize(db.poolSize());
        if (db.embedded()) {
            EmbeddedDatabase embedded = EmbeddedDatabase.start(
                    settings.postgresDirectory(), db.durable(), db.port(), db.cleanOnStart(), db.sharedBuffers());
            config.setJdbcUrl(embedded.jdbcUrl());
            config.setUsername("postgres");
        } else {
            config.setJdbcUrl(db.url());
            config.setUsername(db.username());
            config.setPassword(db.password());
        }
        return new HikariDataSource(config);
    }
}
