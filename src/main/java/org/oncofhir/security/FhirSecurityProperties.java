package org.oncofhir.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The authorization server whose Bearer access tokens the FHIR API accepts ({@code oncofhir.security.fhir.*}).
 *
 * @param issuer required {@code iss}
 * @param jwksUrl its signing keys (or {@code jwks} inline)
 * @param audience required {@code aud}, when set
 * @param algorithms accepted JWS algorithms
 * @param authorizationEndpoint advertised in /.well-known/smart-configuration
 * @param tokenEndpoint advertised in /.well-known/smart-configuration
 */
@ConfigurationProperties("oncofhir.security.fhir")
public record FhirSecurityProperties(String issuer, String jwksUrl, String jwks, String audience, List<String> algorithms,
        String authorizationEndpoint, String tokenEndpoint) {

    public FhirSecurityProperties {
        algorithms = algorithms == null || algorithms.isEmpty() ? List.of("RS256", "RS384", "ES256", "ES384") : List.copyOf(algorithms);
    }

    public boolean configured() {
        return issuer != null && !issuer.isBlank()
                && ((jwksUrl != null && !jwksUrl.isBlank()) || (jwks != null && !jwks.isBlank()));
    }
}
