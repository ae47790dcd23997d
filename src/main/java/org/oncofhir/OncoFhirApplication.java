package org.oncofhir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;

/**
 * OncoFHIR: one process hosting the FHIR R4 JPA server ({@code /fhir}), the terminology operations and the CDS
 * Hooks services over one store. HAPI brings its own JPA/Hibernate wiring, so Boot's JPA auto-configuration is
 * switched off in favour of {@link org.oncofhir.server.FhirJpaConfig}; HAPI keeps its schema with Hibernate, not Flyway.
 */
@SpringBootApplication(
        exclude = {
            HibernateJpaAutoConfiguration.class,
            JpaRepositoriesAutoConfiguration.class,
            QuartzAutoConfiguration.class,
            FlywayAutoConfiguration.class,
            // Present on the classpath through HAPI; this server uses neither.
            ElasticsearchRestClientAutoConfiguration.class,
            ElasticsearchClientAutoConfiguration.class,
            ThymeleafAutoConfiguration.class
        })
public class OncoFhirApplication {

    public static void main(String[] args) {
        SpringApplication.run(OncoFhirApplication.class, args);
    }
}
