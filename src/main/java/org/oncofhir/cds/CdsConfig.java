package org.oncofhir.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseLinkJson;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.oncofhir.cds.data.PatientDataResolver;
import org.oncofhir.cds.feedback.FeedbackStore;
import org.oncofhir.facts.ClinicalFactsReader;
import org.oncofhir.server.OncoFhirProperties;
import org.oncofhir.therapy.DrugCatalogue;
import org.oncofhir.therapy.SitePolicy;
import org.oncofhir.therapy.TherapyAdvisor;
import org.oncofhir.therapy.TherapyKnowledge;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/** Wires the CDS Hooks face: knowledge, readers, data sources, feedback store, and CORS for browser-based clients. */
@ConditionalOnProperty(name = "oncofhir.cds.enabled", havingValue = "true", matchIfMissing = true)
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
    TherapyAdvisor therapyAdvisor(TherapyKnowledge knowledge, OncoFhirProperties properties) {
        return new TherapyAdvisor(
                knowledge,
                new SitePolicy(
                        jurisdiction(properties.cds().jurisdiction()),
                        properties.cds().negativePregnancyTestValidDays()));
    }

    private static SitePolicy.Jurisdiction jurisdiction(String name) {
        try {
            return SitePolicy.Jurisdiction.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("oncofhir.cds.jurisdiction must be one of "
                    + Arrays.toString(SitePolicy.Jurisdiction.values()) + ", not '" + name + "'");
        }
    }

    @Bean
    ClinicalFactsReader clinicalFactsReader(DrugCatalogue drugs) {
        return new ClinicalFactsReader(drugs);
    }

    @Bean
    CardFactory cardFactory(DrugCatalogue drugs, TherapyKnowledge knowledge, OncoFhirProperties properties) {
        OncoFhirProperties.Cds cds = properties.cds();
        return new CardFactory(
                drugs,
                knowledge,
                cds.smartAppUrl().isBlank()
                        ? null
                        : new CdsServiceResponseLinkJson()
                                .setLabel(cds.smartAppLabel())
                                .setUrl(cds.smartAppUrl())
                                .setType("smart"));
    }

    @Bean
    PatientDataResolver patientDataResolver(
            FhirContext fhirContext, DaoRegistry daoRegistry, MatchUrlService matchUrlService) {
        return PatientDataResolver.create(
                fhirContext, daoRegistry, matchUrlService, CdsService.PREFETCH, CdsService.SUPPLEMENTARY);
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

    /**
     * CDS Hooks requires CORS so that browser-based CDS clients (e.g. the CDS Hooks sandbox) can call us. A servlet
     * filter ahead of the client-token check, so that a 401/403 also carries the CORS headers the browser needs to
     * show the reason, and preflights are answered without a token.
     */
    @Bean
    FilterRegistrationBean<CorsFilter> cdsHooksCors(OncoFhirProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(properties.cds().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/cds-services", cors);
        source.registerCorsConfiguration("/cds-services/**", cors);
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        // Only on its own paths: Spring refuses any preflight its configuration does not cover, which on "/*"
        // refused every preflight to the FHIR API with 403.
        registration.addUrlPatterns("/cds-services", "/cds-services/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
