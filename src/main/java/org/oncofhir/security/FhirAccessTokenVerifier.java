package org.oncofhir.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URL;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies FHIR API Bearer access tokens with Nimbus: signature by the configured authorization server's keys with
 * an accepted algorithm, {@code iss}, {@code exp} and {@code aud} (unless that check is explicitly switched off).
 */
final class FhirAccessTokenVerifier {

    /** Where the authentication filter leaves the verified token for the FHIR interceptors (a servlet attribute). */
    static final String VERIFIED = FhirAccessTokenVerifier.class.getName() + ".token";

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** @param audience the {@code aud} every token must carry; null: not checked */
    FhirAccessTokenVerifier(FhirSecurityProperties properties, String audience) {
        Set<JWSAlgorithm> algorithms =
                properties.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys(properties)));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder().issuer(properties.issuer());
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audience, exact.build(), audience == null ? Set.of("exp", "iss") : Set.of("exp", "iss", "aud")));
    }

    /** A verified access token: its resource scopes and its patient context (null without one). */
    record AccessToken(List<SmartScope> scopes, String patient) {

        /** Whether a {@code system/} scope grants the permission on the type ({@code *}: on every type). */
        boolean systemGrant(String type, SmartScope.Permission permission) {
            return scopes.stream()
                    .anyMatch(s -> s.context() == SmartScope.Context.SYSTEM && s.covers(type) && s.grants(permission));
        }

        /**
         * The patient this token's access to a type is confined to: its {@code patient} claim, unless a
         * {@code system/} scope grants the permission on that type ({@code user/} scopes grant nothing, so they
         * change nothing here); null when not confined.
         */
        String confinedPatient(String type, SmartScope.Permission permission) {
            return patient == null || systemGrant(type, permission) ? null : patient;
        }

        /** Who may page through this token's searches: tokens with the same patient and the same scopes. */
        String pagingOwner() {
            return (patient == null ? "-" : patient) + "|"
                    + scopes.stream()
                            .map(SmartScope::toString)
                            .sorted()
                            .toList()
                            .hashCode();
        }
    }

    /**
     * The request's token, verified once per request (by the authentication filter, ahead of HAPI): the
     * interceptors all need it, and a signature check is the costly part.
     */
    AccessToken read(RequestDetails request) {
        if (request.getUserData().get(VERIFIED) instanceof AccessToken token) {
            return token;
        }
        if (request instanceof ServletRequestDetails servlet
                && servlet.getServletRequest().getAttribute(VERIFIED) instanceof AccessToken token) {
            request.getUserData().put(VERIFIED, token);
            return token;
        }
        AccessToken token = read(request.getHeader("Authorization"));
        if (token != null) {
            request.getUserData().put(VERIFIED, token);
        }
        return token;
    }

    /**
     * The token of an Authorization header: null when there is no Bearer token; {@link IllegalArgumentException}
     * with the reason when it does not verify.
     */
    AccessToken read(String authorizationHeader) {
        String token = AuthResponses.bearerToken(authorizationHeader);
        if (token == null) {
            return null;
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Object patient = claims.getClaim("patient");
        return new AccessToken(SmartScope.parse(scope(claims)), patient instanceof String p && !p.isBlank() ? p : null);
    }

    /** SMART puts scopes in {@code scope} (space-separated); some servers use a {@code scp} list. */
    private static String scope(JWTClaimsSet claims) {
        if (claims.getClaim("scope") instanceof String scope) {
            return scope;
        }
        try {
            List<String> scp = claims.getStringListClaim("scp");
            return scp == null ? null : String.join(" ", scp);
        } catch (ParseException e) {
            throw new IllegalArgumentException("Unreadable scope claim", e);
        }
    }

    private static JWKSource<SecurityContext> keys(FhirSecurityProperties properties) {
        try {
            if (properties.jwks() != null && !properties.jwks().isBlank()) {
                return new ImmutableJWKSet<>(JWKSet.parse(properties.jwks()));
            }
            return JWKSourceBuilder.create(new URL(properties.jwksUrl()))
                    .retrying(false)
                    .build();
        } catch (ParseException | MalformedURLException e) {
            throw new IllegalStateException("oncofhir.security.fhir: unusable keys: " + e.getMessage(), e);
        }
    }
}
