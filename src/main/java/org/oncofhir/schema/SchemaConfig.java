package org.oncofhir.schema;

import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The DataSource is handed to JPA and to the JDBC stores only once its schema is migrated; an H2 file database gets
 * the upkeep H2 does not do in the mode it runs in.
 */
@Configuration
public class SchemaConfig {

    @Bean
    static BeanPostProcessor migrateBeforeUse() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource) {
                    DatabaseSchema.migrate(dataSource);
                }
                return bean;
            }
        };
    }

    /** Keeps an H2 file database near its live size (H2FileUpkeep); nothing on PostgreSQL. */
    @Bean
    DisposableBean h2FileUpkeep(DataSource dataSource) {
        Optional<H2FileUpkeep> upkeep = H2FileUpkeep.startIfNeeded(dataSource);
        return () -> upkeep.ifPresent(H2FileUpkeep::close);
    }
}
