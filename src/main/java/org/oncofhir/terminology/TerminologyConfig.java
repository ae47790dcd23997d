package org.oncofhir.terminology;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.provider.BaseJpaResourceProviderCodeSystem;
import ca.uhn.fhir.jpa.provider.BaseJpaResourceProviderConceptMap;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.oncofhir.conformance.ConformancePackage;
import org.oncofhir.server.FhirRestConfig.FhirServerCustomizer;
import org.oncofhir.server.OperationBindings;
import org.oncofhir.server.SoftwareVersion;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The package's terminology, answered in memory, on the FHIR server. */
@Configuration
public class TerminologyConfig {

    @Bean
    public PackageTerminology packageTerminology(ConformancePackage conformance) {
        return new PackageTerminology(conformance.codeSystems(), conformance.valueSets(), conformance.conceptMaps());
    }

    @Bean
    public FhirServerCustomizer terminologyOperations(
            PackageTerminology terminology,
            DaoRegistry daos,
            ValueSetOperationProvider storedValueSets,
            OperationBindings bindings,
            ObjectProvider<BuildProperties> build) {
        TerminologyMetadata metadata =
                new TerminologyMetadata(terminology, SoftwareVersion.of(build), ConformancePackage.CANONICAL_BASE);
        return server -> {
            bindings.own(TerminologyOperations.class, TerminologyOperations.OPERATIONS);
            server.registerInterceptor(metadata);
            server.registerProvider(new TerminologyOperations(
                    terminology,
                    daos,
                    storedValueSets,
                    () -> provider(server, BaseJpaResourceProviderCodeSystem.class),
                    () -> provider(server, BaseJpaResourceProviderConceptMap.class)));
        };
    }

    private static <T> T provider(RestfulServer server, Class<T> type) {
        for (IResourceProvider provider : server.getResourceProviders()) {
            if (type.isInstance(provider)) {
                return type.cast(provider);
            }
        }
        throw new IllegalStateException("No " + type.getSimpleName() + " is registered on the FHIR server");
    }
}
