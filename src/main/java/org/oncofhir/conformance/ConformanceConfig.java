package org.oncofhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Wires the conformance package into the store, the JPA validation chain and the write path. */
@Configuration
public class ConformanceConfig {

    private static final Logger LOG = LoggerFactory.getLogger(ConformanceConfig.class);

    @Bean
    public ConformancePackage conformancePackage(FhirContext fhirContext) {
        return ConformancePackage.loadFromClasspath(fhirContext);
    }

    @Bean
    public BiomarkerValidator biomarkerValidator(
            FhirContext fhirContext, ConformancePackage conformance, DefaultProfileValidationSupport core) {
        return new BiomarkerValidator(fhirContext, conformance, core);
    }

    /**
     * On unless {@code oncofhir.validation.enabled=false}, a switch that exists so benchmarks can measure what
     * validation costs in the same run; never turn it off in a deployment.
     */
    @Bean
    @ConditionalOnProperty(name = "oncofhir.validation.enabled", havingValue = "true", matchIfMissing = true)
    public BiomarkerWriteInterceptor biomarkerWriteInterceptor(FhirContext fhirContext, BiomarkerValidator validator) {
        return new BiomarkerWriteInterceptor(fhirContext, validator);
    }

    @Bean
    public ValidateOperationInterceptor validateOperationInterceptor(
            FhirContext fhirContext, BiomarkerValidator validator, IInterceptorService storageInterceptors) {
        ValidateOperationInterceptor interceptor = new ValidateOperationInterceptor(fhirContext, validator);
        storageInterceptors.registerInterceptor(interceptor);
        return interceptor;
    }

    /** Our package goes first in HAPI's JPA validation chain, so $validate and the terminology operations see it. */
    @Bean
    public SmartInitializingSingleton conformanceInValidationChain(
            ConformancePackage conformance, JpaValidationSupportChain jpaChain) {
        return () -> jpaChain.addValidationSupport(0, conformance.validationSupport());
    }

    /**
     * Once the server is up: stores the package (several seconds on a new database) and then fills the
     * validator's caches (the core definitions converted for the validator), in the background so start-up waits
     * for neither. Validation needs neither step: it reads the package from memory. Readiness stays
     * REFUSING_TRAFFIC until the package is stored, so a load balancer routes only to a complete instance.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void installInBackground(ApplicationReadyEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        Thread worker = new Thread(() -> {
            try {
                new ConformanceStore(context.getBean(DaoRegistry.class)).install(context.getBean(ConformancePackage.class));
                AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
                context.getBean(BiomarkerValidator.class).validate(BiomarkerValidator.warmUpSample(), null);
            } catch (RuntimeException e) {
                LOG.error("Installing the conformance package failed; readiness stays REFUSING_TRAFFIC", e);
            }
        }, "conformance-install");
        worker.setDaemon(true);
        worker.start();
    }
}
