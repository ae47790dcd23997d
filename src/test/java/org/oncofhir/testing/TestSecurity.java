package org.oncofhir.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * CDS clients for tests, with keys generated once per JVM: {@code ehr} (ES384 and RS384 keys, jku allow-list) and
 * {@code order-only} (may call the order-check service only). Mints tokens as a CDS client would.
 */
public final class TestSecurity {

    public static final String EHR = "https://ehr.example.org";
    public static final String ORDER_ONLY = "https://order-only.example.org";
    public static final String ALLOWED_JKU = "https://ehr.example.org/jwks.json";
    public static final ECKey EC = generateEc("ehr-es384");
    public static final RSAKey RSA = generateRsa("ehr-rs384");
    public static final ECKey ORDER_ONLY_KEY = generateEc("order-only-es384");
    /** The authorization server that issues FHIR API access tokens. */
    public static final String AUTH_SERVER = "https://auth.example.org";

    public static final RSAKey AUTH_KEY = generateRsa("auth-rs256");
    /** The aud FHIR access tokens are issued for (configured explicitly; the default is the public base + /fhir). */
    public static final String FHIR_AUDIENCE = "https://oncofhir.test/fhir";
    /** The port of the hospital FHIR server CDS tests start (the ehr client's allowed fhirServer). */
    public static final int EHR_FHIR_PORT = Ports.free();
    /** The port of a hostile-but-allowed FHIR server (redirects, foreign paging links) the attack tests start. */
    public static final int TRAP_FHIR_PORT = Ports.free();
    /** An allowed fhirServer nothing listens on (the discard port). */
    public static final String CLOSED_FHIR_SERVER = "http://127.0.0.1:9/fhir";

    private TestSecurity() {}

    /** Spring properties configuring both clients with their public keys inline. */
    public static Map<String, String> properties() {
        return Map.ofEntries(
                Map.entry("oncofhir.security.enabled", "true"),
                Map.entry("oncofhir.security.fhir.issuer", AUTH_SERVER),
                Map.entry("oncofhir.security.fhir.jwks", new JWKSet(AUTH_KEY.toPublicJWK()).toString()),
                Map.entry("oncofhir.security.fhir.token-endpoint", AUTH_SERVER + "/token"),
                Map.entry("oncofhir.security.fhir.audience", FHIR_AUDIENCE),
                Map.entry("oncofhir.security.allow-http-fhir-servers", "true"),
                Map.entry("oncofhir.security.cds-clients[0].fhir-servers[0]", "http://localhost:" + EHR_FHIR_PORT),
                Map.entry("oncofhir.security.cds-clients[0].fhir-servers[1]", CLOSED_FHIR_SERVER),
                Map.entry("oncofhir.security.cds-clients[0].fhir-servers[2]", "http://localhost:" + TRAP_FHIR_PORT),
                Map.entry("oncofhir.security.cds-clients[0].local-store", "true"),
                Map.entry("oncofhir.security.cds-clients[0].issuer", EHR),
                Map.entry(
                        "oncofhir.security.cds-clients[0].jwks",
                        new JWKSet(List.of(EC.toPublicJWK(), RSA.toPublicJWK())).toString()),
                Map.entry("oncofhir.security.cds-clients[0].jku-allow-list[0]", ALLOWED_JKU),
                Map.entry("oncofhir.security.cds-clients[1].issuer", ORDER_ONLY),
                Map.entry("oncofhir.security.cds-clients[1].jwks", new JWKSet(ORDER_ONLY_KEY.toPublicJWK()).toString()),
                Map.entry("oncofhir.security.cds-clients[1].services[0]", "oncofhir-breast-order-check"));
    }

    /** A valid ES384 token from {@code ehr} for the endpoint. */
    public static String token(String audience) {
        return es384(EHR, EC, claims -> claims.audience(audience));
    }

    public static String es384(String issuer, ECKey key, Consumer<JWTClaimsSet.Builder> edit) {
        return sign(
                ecdsa(key),
                new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(key.getKeyID()).build(),
                issuer,
                edit);
    }

    /** A FHIR API access token with the scopes (and patient context, or null) from the test authorization server. */
    public static String accessToken(String scope, String patient) {
        try {
            return sign(
                    new RSASSASigner(AUTH_KEY),
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(AUTH_KEY.getKeyID())
                            .build(),
                    AUTH_SERVER,
                    claims -> claims.claim("scope", scope)
                            .claim("patient", patient)
                            .audience(FHIR_AUDIENCE));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rs384(Consumer<JWTClaimsSet.Builder> edit) {
        try {
            return sign(
                    new RSASSASigner(RSA),
                    new JWSHeader.Builder(JWSAlgorithm.RS384)
                            .keyID(RSA.getKeyID())
                            .build(),
                    EHR,
                    edit);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JWSSigner signer, JWSHeader header, String issuer, Consumer<JWTClaimsSet.Builder> edit) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("cds-client")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
        edit.accept(claims);
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static JWSSigner ecdsa(ECKey key) {
        try {
            return new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_384).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
