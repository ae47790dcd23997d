package org.oncofhir.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings ({@code oncofhir.security.*}): whether it is on, and the CDS clients trusted to call our CDS
 * services (CDS Hooks 2.0 "Trusting CDS Clients").
 *
 * @param enabled off only in the demo profile, which says so loudly at start-up
 * @param clockSkewSeconds tolerance for {@code exp} and {@code iat}
 * @param cdsClients trusted CDS clients, by issuer
 */
@ConfigurationProperties("oncofhir.security")
public record CdsClientsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("60") long clockSkewSeconds,
        List<CdsClient> cdsClients) {

    public CdsClientsProperties {
        cdsClients = cdsClients == null ? List.of() : List.copyOf(cdsClients);
    }

    /**
     * One trusted CDS client.
     *
     * @param issuer the {@code iss} its tokens carry
     * @param jwksUrl where its public keys are published (or use {@code jwks})
     * @param jwks its public keys inline, as a JWK Set JSON document
     * @param jkuAllowList {@code jku} header values honoured for this client; any other {@code jku} is refused
     * @param services the CDS service ids it may call; empty for all
     */
    public record CdsClient(String issuer, String jwksUrl, String jwks, List<String> jkuAllowList, List<String> services) {

        public CdsClient {
            jkuAllowList = jkuAllowList == null ? List.of() : List.copyOf(jkuAllowList);
            services = services == null ? List.of() : List.copyOf(services);
        }
    }
}
