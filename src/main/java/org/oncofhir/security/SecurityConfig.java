package org.oncofhir.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.oncofhir.server.FhirRestConfig;
import org.oncofhir.server.OncoFhirProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Security on unless configured off (only the demo profile does, and it says so loudly). When on, the FHIR API
 * needs SMART-scoped Bearer tokens from the configured authorization server and every CDS call a JWT from a
 * trusted CDS client; the server refuses to start without both configured rather than run open.
 */
@Configuration
@EnableConfigurationProperties({SecurityProperties.class, FhirSecurityProperties.class})
class SecurityConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfig.class);

    /**
     * FHIR API: SMART-scoped Bearer tokens (authenticated by {@link #fhirAuthentication}), the open description of
     * that security, searches and conditional URLs narrowed to a patient token's compartment, and the write and
     * search rules HAPI's compartment rules do not cover.
     */
    @Bean
    FhirRestConfig.FhirServerCustomizer fhirSecurity(
            OncoFhirProperties settings,
            FhirSecurityProperties fhir,
            ObjectProvider<FhirAccessTokenVerifier> verifiers,
            FhirContext fhirContext,
            DaoRegistry daos,
            JdbcTemplate jdbc) {
        if (!settings.security().enabled()) {
            LOG.warn(
                    """

                    ************************************************************************
                    *  SECURITY IS OFF (oncofhir.security.enabled=false): the FHIR API and  *
                    *  CDS calls are not authenticated. Local demonstration only.          *
                    ************************************************************************""");
            return server -> {};
        }
        FhirAccessTokenVerifier verifier = verifiers.getObject();
        SmartConfigurationInterceptor description = new SmartConfigurationInterceptor(fhir);
        PatientSearchNarrowing narrowing = new PatientSearchNarrowing(verifier);
        // Conditional create/update/delete match only inside the compartment: never another patient's resource.
        narrowing.setNarrowConditionalUrls(true);
        SmartAuthorizationInterceptor authorization = new SmartAuthorizationInterceptor(verifier);
        PatientWriteBoundary writes = new PatientWriteBoundary(verifier, fhirContext, id -> storedResource(daos, id));
        SearchGuard searches = new SearchGuard(verifier, fhirContext, new SearchOwners(jdbc), Clock.systemUTC());
        return server -> {
            server.registerInterceptor(description);
            server.registerInterceptor(narrowing);
            server.registerInterceptor(authorization);
            server.registerInterceptor(writes);
            server.registerInterceptor(searches);
        };
    }

    private static Optional<IBaseResource> storedResource(DaoRegistry daos, IIdType id) {
        if (!daos.isResourceTypeSupported(id.getResourceType())) {
            return Optional.empty();
        }
        try {
            return Optional.of(daos.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails()));
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }

    /** Every FHIR request but the open descriptions is authenticated before anything reads its body. */
    @Bean
    @ConditionalOnProperty(name = "oncofhir.security.enabled", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<AccessTokenFilter> fhirAuthentication(FhirAccessTokenVerifier verifier) {
        return tokenFilter(
                new AccessTokenFilter(verifier, SecurityConfig::openFhirDescription, token -> true, null), "/fhir/*");
    }

    /**
     * The CapabilityStatement, the SMART configuration and the API explorer (the OpenAPI document and Swagger UI
     * generated from the CapabilityStatement): what a client reads to learn how to get a token and what to call.
     */
    private static boolean openFhirDescription(HttpServletRequest request) {
        String path = request.getPathInfo();
        return "GET".equals(request.getMethod())
                && path != null
                && ("/metadata".equals(path)
                        || "/.well-known/smart-configuration".equals(path)
                        || "/api-docs".equals(path)
                        || path.equals("/swagger-ui")
                        || path.startsWith("/swagger-ui/"));
    }

    /** Administrator endpoints (CDS feedback read-back): a system-wide read token from the FHIR issuer. */
    @Bean
    @ConditionalOnProperty(name = "oncofhir.security.enabled", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<AccessTokenFilter> adminAuthFilter(FhirAccessTokenVerifier verifier) {
        return tokenFilter(
                new AccessTokenFilter(
                        verifier,
                        request -> false,
                        token -> token.scopes().stream()
                                .anyMatch(s -> s.context() == SmartScope.Context.SYSTEM
                                        && s.anyType()
                                        && s.permissions().contains(SmartScope.Permission.READ)),
                        "Administrator endpoints need the scope system/*.rs"),
                "/admin/*");
    }

    private static FilterRegistrationBean<AccessTokenFilter> tokenFilter(AccessTokenFilter filter, String urls) {
        FilterRegistrationBean<AccessTokenFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(urls);
        // Ahead of the body's size and decoding filter and of HAPI: nothing reads a body before authentication.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** One verifier (and one cache of the issuer's keys) for the FHIR interceptors and the token filters. */
    @Bean
    @ConditionalOnProperty(name = "oncofhir.security.enabled", havingValue = "true", matchIfMissing = true)
    FhirAccessTokenVerifier fhirAccessTokenVerifier(FhirSecurityProperties fhir, OncoFhirProperties settings) {
        String publicBaseUrl = settings.security().publicBaseUrl();
        if (!fhir.configured()) {
            throw new IllegalStateException(
                    "Security is on and no trusted issuer for FHIR access tokens is configured: "
                            + "set oncofhir.security.fhir.issuer and oncofhir.security.fhir.jwks-url (or .jwks), or run the demo "
                            + "profile (--spring.profiles.active=demo) for a local, unsecured demonstration.");
        }
        String audience = fhir.requiredAudience(publicBaseUrl);
        if (audience == null) {
            LOG.warn(
                    "FHIR access tokens are accepted whatever their aud (oncofhir.security.fhir.audience-check=false): "
                            + "a token issued for another server is accepted here too.");
        } else {
            LOG.info("FHIR access tokens must carry aud = {}", audience);
        }
        return new FhirAccessTokenVerifier(fhir, audience);
    }

    @Bean
    @ConditionalOnProperty(name = "oncofhir.security.enabled", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<CdsClientAuthFilter> cdsClientAuthFilter(
            SecurityProperties properties, JdbcTemplate jdbc, OncoFhirProperties settings) {
        String publicBaseUrl = settings.security().publicBaseUrl();
        FilterRegistrationBean<CdsClientAuthFilter> registration = new FilterRegistrationBean<>();
        if (properties.cdsClients().isEmpty()) {
            throw new IllegalStateException("Security is on and no trusted CDS client is configured: set "
                    + "oncofhir.security.cds-clients[0].issuer and its jwks-url (or jwks), or run the demo profile "
                    + "(--spring.profiles.active=demo) for a local, unsecured demonstration.");
        }
        if (publicBaseUrl == null || !publicBaseUrl.matches("https?://[^/?#]+(/[^?#]*)?")) {
            throw new IllegalStateException(
                    "Security is on and oncofhir.security.public-base-url is not set: CDS tokens "
                            + "are checked against <public-base-url>/cds-services/<id> as their aud (e.g. https://cds.example.org).");
        }
        registration.setFilter(new CdsClientAuthFilter(
                new CdsJwtVerifier(properties, new JtiReplayStore(jdbc), Clock.systemUTC()),
                publicBaseUrl,
                properties.allowHttpFhirServers()));
        // All paths: the filter decides on the decoded path, so no spelling of /cds-services slips past it.
        registration.addUrlPatterns("/*");
        // Before CORS handling and the controllers, after nothing that could consume the body.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
