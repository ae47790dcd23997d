package org.oncofhir.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The authorization server whose Bearer access tokens the FHIR API accepts ({@code oncofhir.security.fhir.*}).
 *
 * @param issuer required {@code iss}
 * @param jwksUrl its signing keys (or {@code jwks} inline)
 * @param audience required {@code aud}; by default this server's FHIR base, {@code <public-base-url>/fhir}
 * @param audienceCheck {@code false} only to accept tokens whatever their {@code aud} (said loudly at start-up)
 * @param algorithms accepted JWS algorithms
 * @param authorizationEndpoint advertised in /.well-known/smart-configuration
 * @param tokenEndpoint advertised in /.well-known/smart-configuration
 */
@ConfigurationProperties("oncofhir.security.fhir")
public record FhirSecurityProperties(
        String issuer,
        String jwksUrl,
        String jwks,
        String audience,
        @DefaultValue("true") boolean audienceCheck,
        List<String> algorithms,
        String authorizationEndpoint,
        String tokenEndpoint) {

    public FhirSecurityProperties {
        algorithms = algorithms == null || algorithms.isEmpty()
                ? List.of("RS256", "RS384", "ES256", "ES384")
                : List.copyOf(algorithms);
    }

    public boolean configured() {
        return issuer != null
                && !issuer.isBlank()
                && ((jwksUrl != null && !jwksUrl.isBlank()) || (jwks != null && !jwks.isBlank()));
    }

    /** The {@code aud} tokens must carry: the configured one, else the public FHIR base; null when not checked. */
    String requiredAudience(String publicBaseUrl) {
        if (!audienceCheck) {
            return null;
        }
        if (audience != null && !audience.isBlank()) {
            return audience;
        }
        if (publicBaseUrl == null || publicBaseUrl.isBlank()) {
            throw new IllegalStateException("FHIR access tokens are checked for aud = <public-base-url>/fhir: set "
                    + "oncofhir.security.public-base-url (or oncofhir.security.fhir.audience)");
        }
        return publicBaseUrl.replaceAll("/+$", "") + "/fhir";
    }
}
