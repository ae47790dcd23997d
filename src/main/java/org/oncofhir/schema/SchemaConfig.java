package org.oncofhir.schema;

import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The DataSource is handed to JPA and to the JDBC stores only once its schema is migrated. */
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
}
