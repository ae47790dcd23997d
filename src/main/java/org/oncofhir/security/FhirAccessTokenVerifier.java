package org.oncofhir.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URL;
import java.text.ParseException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies FHIR API Bearer access tokens with Nimbus: signature by the configured authorization server's keys with
 * an accepted algorithm, {@code iss}, {@code exp} (and {@code aud} when configured).
 */
final class FhirAccessTokenVerifier {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    FhirAccessTokenVerifier(FhirSecurityProperties properties) {
        Set<JWSAlgorithm> algorithms = properties.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys(properties)));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder().issuer(properties.issuer());
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                properties.audience() == null || properties.audience().isBlank() ? null : properties.audience(),
                exact.build(), Set.of("exp", "iss")));
    }

    /** The verified claims; throws {@code AuthenticationException}-worthy {@link IllegalArgumentException} otherwise. */
    JWTClaimsSet verify(String token) {
        try {
            return processor.process(token, null);
        } catch (ParseException | com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static JWKSource<SecurityContext> keys(FhirSecurityProperties properties) {
        try {
            if (properties.jwks() != null && !properties.jwks().isBlank()) {
                return new ImmutableJWKSet<>(JWKSet.parse(properties.jwks()));
            }
            return JWKSourceBuilder.create(new URL(properties.jwksUrl())).retrying(false).build();
        } catch (ParseException | MalformedURLException e) {
            throw new IllegalStateException("oncofhir.security.fhir: unusable keys: " + e.getMessage(), e);
        }
    }
}
