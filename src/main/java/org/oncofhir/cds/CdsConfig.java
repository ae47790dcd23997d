package org.oncofhir.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import java.time.Clock;
import java.util.List;
import org.oncofhir.therapy.DrugCatalogue;
import org.oncofhir.therapy.TherapyAdvisor;
import org.oncofhir.therapy.TherapyKnowledge;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires the CDS Hooks face: knowledge, readers, data sources, feedback store, and CORS for browser-based clients. */
@Configuration
class CdsConfig {

    @Bean
    DrugCatalogue drugCatalogue() {
        return DrugCatalogue.load();
    }

    @Bean
    TherapyKnowledge therapyKnowledge() {
        return TherapyKnowledge.load();
    }

    @Bean
    TherapyAdvisor therapyAdvisor(TherapyKnowledge knowledge) {
        return new TherapyAdvisor(knowledge);
    }

    @Bean
    ClinicalFactsReader clinicalFactsReader(DrugCatalogue drugs) {
        return new ClinicalFactsReader(drugs);
    }

    @Bean
    CardFactory cardFactory(DrugCatalogue drugs, TherapyKnowledge knowledge) {
        return new CardFactory(drugs, knowledge);
    }

    @Bean
    PatientDataResolver patientDataResolver(FhirContext fhirContext, DaoRegistry daoRegistry, MatchUrlService matchUrlService) {
        return new PatientDataResolver(fhirContext, new LocalStoreSource(fhirContext, daoRegistry, matchUrlService));
    }

    @Bean
    FeedbackStore feedbackStore(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
        return new FeedbackStore(jdbcTemplate, new TransactionTemplate(transactionManager));
    }

    /** The date the rules judge result ages against (UTC). */
    @Bean
    Clock cdsClock() {
        return Clock.systemUTC();
    }

    /** CDS Hooks requires CORS so that browser-based CDS clients (e.g. the CDS Hooks sandbox) can call us. */
    @Bean
    WebMvcConfigurer cdsHooksCors(@Value("${oncofhir.cds.allowed-origins:*}") List<String> allowedOrigins) {
        return new WebMvcConfigurer() {
            @Override
            public void addCorsMappings(CorsRegistry registry) {
                registry.addMapping("/cds-services/**")
                        .allowedOriginPatterns(allowedOrigins.toArray(String[]::new))
                        .allowedMethods("GET", "POST", "OPTIONS")
                        .allowedHeaders("Authorization", "Content-Type", "Accept")
                        .maxAge(3600);
                registry.addMapping("/cds-services")
                        .allowedOriginPatterns(allowedOrigins.toArray(String[]::new))
                        .allowedMethods("GET", "OPTIONS")
                        .allowedHeaders("Authorization", "Content-Type", "Accept")
                        .maxAge(3600);
            }
        };
    }
}
