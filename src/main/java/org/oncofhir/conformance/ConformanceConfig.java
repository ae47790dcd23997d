package org.oncofhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import org.springframework.beans.factory.SmartInitializingSingleton;
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
    public BiomarkerValidator biomarkerValidator(FhirContext fhirContext, ConformancePackage conformance) {
        return new BiomarkerValidator(fhirContext, conformance);
    }

    @Bean
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

    /**
     * After all beans exist: our package goes first in HAPI's JPA validation chain (so {@code $validate},
     * {@code $expand}, {@code $lookup} and {@code $validate-code} see it in memory), then into the store.
     */
    @Bean
    public SmartInitializingSingleton conformanceInstaller(
            ConformancePackage conformance, JpaValidationSupportChain jpaChain, DaoRegistry daoRegistry) {
        return () -> {
            jpaChain.addValidationSupport(0, conformance.validationSupport());
            new ConformanceStore(daoRegistry).install(conformance);
        };
    }
}
