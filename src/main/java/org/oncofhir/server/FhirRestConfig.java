package org.oncofhir.server;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The FHIR REST face: HAPI's {@link RestfulServer} over the JPA DAOs, mounted at {@code /fhir}. */
@Configuration
public class FhirRestConfig {

    @Bean
    public RestfulServer restfulServer(
            IFhirSystemDao<?, ?> systemDao,
            DaoRegistry daoRegistry,
            ResourceProviderFactory resourceProviders,
            IJpaSystemProvider systemProvider,
            ValueSetOperationProvider valueSetOperations,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DatabaseBackedPagingProvider pagingProvider,
            OncoFhirProperties properties,
            OperationBindings operationBindings,
            ObjectProvider<BuildProperties> build,
            ObjectProvider<FhirServerCustomizer> customizers) {
        daoRegistry.setSupportedResourceTypes(properties.resourceTypes());
        RestfulServer server = new RestfulServer(systemDao.getContext());
        server.registerInterceptor(operationBindings);
        server.registerProviders(resourceProviders.createProviders());
        server.registerProvider(systemProvider);
        server.registerProvider(valueSetOperations);

        JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
                server, systemDao, storageSettings, searchParamRegistry, validationSupport);
        capabilities.setImplementationDescription("OncoFHIR breast-cancer biomarker server");
        server.setServerConformanceProvider(capabilities);
        server.setServerName("OncoFHIR");
        server.setServerVersion(SoftwareVersion.of(build));

        pagingProvider.setDefaultPageSize(properties.defaultPageSize());
        pagingProvider.setMaximumPageSize(properties.maxPageSize());
        server.setPagingProvider(pagingProvider);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        // Paging links and fullUrls name the configured public address, never one built from the caller's Host header.
        server.setServerAddressStrategy(
                properties.security().hasPublicBaseUrl()
                        ? new HardcodedServerAddressStrategy(
                                properties.security().publicBaseUrl().replaceAll("/+$", "") + "/fhir")
                        : new IncomingRequestAddressStrategy());
        // Compressed bodies are inflated, bounded, by RequestSizeLimitFilter; HAPI's own unbounded inflation stays off.
        server.setUncompressIncomingContents(false);

        customizers.orderedStream().forEach(customizer -> customizer.customize(server));
        return server;
    }

    @Bean
    public OperationBindings operationBindings() {
        return new OperationBindings();
    }

    @Bean
    public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** Lets feature packages (profiles, security, ...) add interceptors and providers to the FHIR server. */
    @FunctionalInterface
    public interface FhirServerCustomizer {
        void customize(RestfulServer server);
    }
}
