package org.oncofhir.security;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Security on unless configured off (only the demo profile does, and it says so loudly); when on, the server
 * refuses to start without at least one trusted CDS client, rather than run with CDS services nobody can be
 * trusted to call.
 */
@Configuration
@EnableConfigurationProperties(CdsClientsProperties.class)
class SecurityConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    FilterRegistrationBean<CdsClientAuthFilter> cdsClientAuthFilter(CdsClientsProperties properties, JdbcTemplate jdbc,
            @Value("${oncofhir.security.public-base-url:}") String publicBaseUrl) {
        FilterRegistrationBean<CdsClientAuthFilter> registration = new FilterRegistrationBean<>();
        if (!properties.enabled()) {
            LOG.warn("""

                    ************************************************************************
                    *  SECURITY IS OFF (oncofhir.security.enabled=false): CDS calls are    *
                    *  not authenticated. For local demonstration only, on 127.0.0.1.       *
                    ************************************************************************""");
            registration.setEnabled(false);
            return registration;
        }
        if (properties.cdsClients().isEmpty()) {
            throw new IllegalStateException("Security is on and no trusted CDS client is configured: set "
                    + "oncofhir.security.cds-clients[0].issuer and its jwks-url (or jwks), or run the demo profile "
                    + "(--spring.profiles.active=demo) for a local, unsecured demonstration.");
        }
        registration.setFilter(new CdsClientAuthFilter(
                new CdsJwtVerifier(properties, new JtiReplayStore(jdbc), Clock.systemUTC()), publicBaseUrl));
        registration.addUrlPatterns("/cds-services/*");
        // Before CORS handling and the controllers, after nothing that could consume the body.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
