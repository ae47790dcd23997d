package org.oncofhir.security;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.oncofhir.server.FhirRestConfig;

/**
 * Security on unless configured off (only the demo profile does, and it says so loudly). When on, the FHIR API
 * needs SMART-scoped Bearer tokens from the configured authorization server and every CDS call a JWT from a
 * trusted CDS client; the server refuses to start without both configured rather than run open.
 */
@Configuration
@EnableConfigurationProperties({CdsClientsProperties.class, FhirSecurityProperties.class})
class SecurityConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfig.class);

    /** FHIR API: SMART-scoped Bearer tokens, and the open description of that security. */
    @Bean
    FhirRestConfig.FhirServerCustomizer fhirSecurity(CdsClientsProperties security, FhirSecurityProperties fhir,
            ObjectProvider<FhirAccessTokenVerifier> verifiers) {
        if (!security.enabled()) {
            LOG.warn("""

                    ************************************************************************
                    *  SECURITY IS OFF (oncofhir.security.enabled=false): the FHIR API and  *
                    *  CDS calls are not authenticated. Local demonstration only.          *
                    ************************************************************************""");
            return server -> { };
        }
        FhirAccessTokenVerifier verifier = verifiers.getObject();
        SmartConfigurationInterceptor description = new SmartConfigurationInterceptor(fhir);
        PatientSearchNarrowing narrowing = new PatientSearchNarrowing(verifier);
        SmartAuthorizationInterceptor authorization = new SmartAuthorizationInterceptor(verifier);
        return server -> {
            server.registerInterceptor(description);
            server.registerInterceptor(narrowing);
            server.registerInterceptor(authorization);
        };
    }

    /** Administrator endpoints (CDS feedback read-back): a system-wide read token from the FHIR issuer. */
    @Bean
    @ConditionalOnProperty(name = "oncofhir.security.enabled", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<AdminAuthFilter> adminAuthFilter(FhirAccessTokenVerifier verifier) {
        FilterRegistrationBean<AdminAuthFilter> registration = new FilterRegistrationBean<>();
        registration.setFilter(new AdminAuthFilter(verifier));
        registration.addUrlPatterns("/admin/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** One verifier (and one cache of the issuer's keys) for the FHIR interceptors and the admin filter. */
    @Bean
    @ConditionalOnProperty(name = "oncofhir.security.enabled", havingValue = "true", matchIfMissing = true)
    FhirAccessTokenVerifier fhirAccessTokenVerifier(FhirSecurityProperties fhir) {
        if (!fhir.configured()) {
            throw new IllegalStateException("Security is on and no trusted issuer for FHIR access tokens is configured: "
                    + "set oncofhir.security.fhir.issuer and oncofhir.security.fhir.jwks-url (or .jwks), or run the demo "
                    + "profile (--spring.profiles.active=demo) for a local, unsecured demonstration.");
        }
        return new FhirAccessTokenVerifier(fhir);
    }

    @Bean
    @ConditionalOnProperty(name = "oncofhir.security.enabled", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<CdsClientAuthFilter> cdsClientAuthFilter(CdsClientsProperties properties, JdbcTemplate jdbc,
            @Value("${oncofhir.security.public-base-url:}") String publicBaseUrl) {
        FilterRegistrationBean<CdsClientAuthFilter> registration = new FilterRegistrationBean<>();
        if (properties.cdsClients().isEmpty()) {
            throw new IllegalStateException("Security is on and no trusted CDS client is configured: set "
                    + "oncofhir.security.cds-clients[0].issuer and its jwks-url (or jwks), or run the demo profile "
                    + "(--spring.profiles.active=demo) for a local, unsecured demonstration.");
        }
        if (publicBaseUrl == null || !publicBaseUrl.matches("https?://[^/?#]+(/[^?#]*)?")) {
            throw new IllegalStateException("Security is on and oncofhir.security.public-base-url is not set: CDS tokens "
                    + "are checked against <public-base-url>/cds-services/<id> as their aud (e.g. https://cds.example.org).");
        }
        registration.setFilter(new CdsClientAuthFilter(
                new CdsJwtVerifier(properties, new JtiReplayStore(jdbc), Clock.systemUTC()), publicBaseUrl));
        // All paths: the filter decides on the decoded path, so no spelling of /cds-services slips past it.
        registration.addUrlPatterns("/*");
        // Before CORS handling and the controllers, after nothing that could consume the body.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
