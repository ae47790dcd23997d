package org.oncofhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import org.oncofhir.server.FhirRestConfig.FhirServerCustomizer;
import org.oncofhir.server.OncoFhirProperties;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the conformance package into the store, the JPA validation chain and the write path. */
@Configuration
public class ConformanceConfig {

    @Bean
    public ConformancePackage conformancePackage(FhirContext fhirContext) {
        return ConformancePackage.loadFromClasspath(fhirContext);
    }

    @Bean
    public BiomarkerValidator biomarkerValidator(
            FhirContext fhirContext,
            ConformancePackage conformance,
            DefaultProfileValidationSupport core,
            OncoFhirProperties properties) {
        return new BiomarkerValidator(
                fhirContext,
                conformance,
                ForeignPackages.load(fhirContext, properties.validation().packages()),
                core,
                properties.validation().refuseUnknownProfiles());
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

    /** The CapabilityStatement names the guide this server implements and the terminology-server statement. */
    @Bean
    public FhirServerCustomizer capabilityStatementIdentity() {
        return server -> server.registerInterceptor(new CapabilityStatementIdentity());
    }

    /** Bean name gives the health contributor {@code conformance}, which the readiness group includes. */
    @Bean
    public ConformanceInstaller conformanceHealthIndicator(
            DaoRegistry daoRegistry,
            ConformancePackage conformance,
            BiomarkerValidator validator,
            ApplicationEventPublisher events) {
        return new ConformanceInstaller(daoRegistry, conformance, validator, events);
    }
}
