package org.oncofhir.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings ({@code oncofhir.security.*}; whether it is on and the public address are server settings,
 * {@code OncoFhirProperties.Security}): the CDS clients trusted to call our CDS services (CDS Hooks 2.0 "Trusting
 * CDS Clients").
 *
 * @param clockSkewSeconds tolerance for {@code exp} and {@code iat}
 * @param cdsClients trusted CDS clients, by issuer
 * @param allowHttpFhirServers whether a client's {@code fhir-servers} may name plain http servers (tests, local
 *     set-ups); off by default: the EHR's access token travels over https only
 */
@ConfigurationProperties("oncofhir.security")
public record SecurityProperties(
        @DefaultValue("60") long clockSkewSeconds, List<CdsClient> cdsClients, boolean allowHttpFhirServers) {

    public SecurityProperties {
        cdsClients = cdsClients == null ? List.of() : List.copyOf(cdsClients);
        for (CdsClient client : cdsClients) {
            for (String server : client.fhirServers()) {
                if (!server.matches((allowHttpFhirServers ? "https?" : "https") + "://[^/?#@]+(/[^?#]*)?")) {
                    throw new IllegalStateException("CDS client " + client.issuer() + ": fhir-servers entry '" + server
                            + "' must be an https base URL" + (allowHttpFhirServers ? " or http" : "")
                            + " (scheme, host, optional port and path)");
                }
            }
        }
    }

    /**
     * One trusted CDS client.
     *
     * @param issuer the {@code iss} its tokens carry
     * @param jwksUrl where its public keys are published (or use {@code jwks})
     * @param jwks its public keys inline, as a JWK Set JSON document
     * @param jkuAllowList {@code jku} header values honoured for this client; any other {@code jku} is refused
     * @param services the CDS service ids it may call; empty for all
     * @param fhirServers the FHIR server bases its requests may name as {@code fhirServer} (its access token is sent
     *     there); empty for none
     * @param localStore whether a call without {@code fhirServer} may have this server's own store read
     */
    public record CdsClient(
            String issuer,
            String jwksUrl,
            String jwks,
            List<String> jkuAllowList,
            List<String> services,
            List<String> fhirServers,
            boolean localStore) {

        public CdsClient {
            jkuAllowList = jkuAllowList == null ? List.of() : List.copyOf(jkuAllowList);
            services = services == null ? List.of() : List.copyOf(services);
            fhirServers = fhirServers == null ? List.of() : List.copyOf(fhirServers);
        }
    }
}
