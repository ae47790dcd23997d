package org.oncofhir.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Verifies the JWT a CDS client sends with every service call (CDS Hooks 2.0 "Trusting CDS Clients"), with Nimbus
 * JOSE+JWT: a trusted issuer; ES384 or RS384 only, the key chosen by {@code kid} from that issuer's keys and of the
 * algorithm's key type (no {@code none}, no HMAC, no key-type confusion); {@code jku} only when on the issuer's
 * allow-list; {@code aud} the endpoint called; {@code exp} future and {@code iat} not future within the clock
 * skew, at most 5 minutes apart and {@code iat} less than 5 minutes ago (so the skew widens a token's life once,
 * not at both ends); {@code jti} never seen before; and the issuer allowed for the service.
 *
 * <p>Over 200 lines because it is one check in the order the specification lists the steps, each with the reason
 * a refused client is told; split, the order (and that the {@code jti} is used up last) would be harder to see.
 */
public final class CdsJwtVerifier {

    private static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.ES384, JWSAlgorithm.RS384);
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private record Trusted(SecurityProperties.CdsClient client, JWKSource<SecurityContext> keys) {}

    private final Map<String, Trusted> clients;
    private final Map<URI, JWKSource<SecurityContext>> jkuSources = new ConcurrentHashMap<>();
    private final JtiReplayStore replay;
    private final Clock clock;
    private final Duration skew;

    CdsJwtVerifier(SecurityProperties properties, JtiReplayStore replay, Clock clock) {
        this.clients = properties.cdsClients().stream()
                .collect(Collectors.toUnmodifiableMap(
                        SecurityProperties.CdsClient::issuer, c -> new Trusted(c, keySource(c)), (a, b) -> {
                            throw new IllegalStateException("CDS client issuer configured twice: "
                                    + a.client().issuer());
                        }));
        this.replay = replay;
        this.clock = clock;
        this.skew = Duration.ofSeconds(properties.clockSkewSeconds());
    }

    /**
     * @param authorization the Authorization header (may be null)
     * @param audiences endpoint URLs the token may be addressed to
     * @param serviceId the CDS service called
     * @return the trusted client that signed the token
     */
    public SecurityProperties.CdsClient verify(String authorization, Collection<String> audiences, String serviceId) {
        String token = AuthResponses.bearerToken(authorization);
        if (token == null) {
            throw CdsAuthException.unauthorized("Authorization: Bearer <JWT signed by the CDS client> is required");
        }
        SignedJWT jwt = signed(token);
        JWSHeader header = jwt.getHeader();
        if (!ACCEPTED.contains(header.getAlgorithm())) {
            throw CdsAuthException.unauthorized(
                    "Algorithm " + header.getAlgorithm() + " is not accepted: ES384 or RS384 required");
        }
        JWTClaimsSet claims = claims(jwt);
        Trusted trusted = claims.getIssuer() == null ? null : clients.get(claims.getIssuer());
        if (trusted == null) {
            throw CdsAuthException.unauthorized("Issuer '" + claims.getIssuer() + "' is not a trusted CDS client");
        }
        JWSVerifier verifier = verifier(jwt, trusted);
        try {
            if (!jwt.verify(verifier)) {
                throw CdsAuthException.unauthorized(
                        "Signature does not verify with the issuer's key " + header.getKeyID());
            }
        } catch (JOSEException e) {
            throw CdsAuthException.unauthorized("Signature cannot be verified: " + e.getMessage());
        }
        checkTimes(claims, audiences);
        if (!trusted.client().services().isEmpty()
                && !trusted.client().services().contains(serviceId)) {
            throw new CdsAuthException(403, "CDS client '" + claims.getIssuer() + "' may not call " + serviceId);
        }
        // Last: a token is used up only by a call that passed every other check.
        checkReplay(claims);
        return trusted.client();
    }

    private static SignedJWT signed(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw CdsAuthException.unauthorized("Not a JWT: " + e.getMessage());
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw CdsAuthException.unauthorized("Unsigned or encrypted token (alg '"
                    + jwt.getHeader().getAlgorithm() + "') refused: a JWS signed with ES384 or RS384 is required");
        }
        return signed;
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw CdsAuthException.unauthorized("Unreadable claims: " + e.getMessage());
        }
    }

    /** The key named by kid, of the key type the algorithm requires, from the issuer's keys or an allowed jku. */
    private JWSVerifier verifier(SignedJWT jwt, Trusted trusted) {
        JWSHeader header = jwt.getHeader();
        JWKSource<SecurityContext> source = trusted.keys();
        if (header.getJWKURL() != null) {
            if (!trusted.client().jkuAllowList().contains(header.getJWKURL().toString())) {
                throw CdsAuthException.unauthorized("jku " + header.getJWKURL() + " is not on the allow-list of "
                        + trusted.client().issuer());
            }
            source = jkuSources.computeIfAbsent(header.getJWKURL(), uri -> remote(uri.toString()));
        }
        if (header.getKeyID() == null) {
            throw CdsAuthException.unauthorized("kid header is required to select the issuer's key");
        }
        KeyType keyType = KeyType.forAlgorithm(header.getAlgorithm());
        List<JWK> keys;
        try {
            keys = source.get(
                    new JWKSelector(new JWKMatcher.Builder()
                            .keyID(header.getKeyID())
                            .keyType(keyType)
                            .build()),
                    null);
        } catch (KeySourceException e) {
            throw CdsAuthException.unauthorized(
                    "Keys of " + trusted.client().issuer() + " could not be obtained: " + e.getMessage());
        }
        if (keys.isEmpty()) {
            throw CdsAuthException.unauthorized("No " + keyType + " key with kid '" + header.getKeyID() + "' for "
                    + trusted.client().issuer());
        }
        try {
            return keyType == KeyType.EC
                    ? new ECDSAVerifier((ECKey) keys.get(0))
                    : new RSASSAVerifier((RSAKey) keys.get(0));
        } catch (JOSEException e) {
            throw CdsAuthException.unauthorized("Unusable key '" + header.getKeyID() + "': " + e.getMessage());
        }
    }

    private void checkTimes(JWTClaimsSet claims, Collection<String> audiences) {
        if (claims.getAudience().isEmpty() || claims.getAudience().stream().noneMatch(audiences::contains)) {
            throw CdsAuthException.unauthorized("aud " + claims.getAudience() + " is not this endpoint " + audiences);
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().plus(skew).isAfter(now)) {
            throw CdsAuthException.unauthorized(
                    exp == null ? "exp is required" : "Token expired at " + exp.toInstant());
        }
        Date iat = claims.getIssueTime();
        if (iat == null || iat.toInstant().isAfter(now.plus(skew))) {
            throw CdsAuthException.unauthorized(
                    iat == null ? "iat is required" : "iat " + iat.toInstant() + " is in the future");
        }
        // CDS Hooks asks for short-lived tokens (5 minutes); a longer one would pin its jti for as long. The skew is
        // allowed once, at the front (an issuer's clock ahead of ours): a token is usable for at most 5 minutes + skew.
        if (Duration.between(iat.toInstant(), exp.toInstant()).compareTo(MAX_LIFETIME) > 0) {
            throw CdsAuthException.unauthorized(
                    "Token lifetime (exp - iat) over " + MAX_LIFETIME.toMinutes() + " minutes");
        }
        if (!iat.toInstant().plus(MAX_LIFETIME).isAfter(now)) {
            throw CdsAuthException.unauthorized(
                    "Token issued at " + iat.toInstant() + ", over " + MAX_LIFETIME.toMinutes() + " minutes ago");
        }
    }

    private void checkReplay(JWTClaimsSet claims) {
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank() || jti.length() > JtiReplayStore.MAX_JTI) {
            throw CdsAuthException.unauthorized("jti is required (at most " + JtiReplayStore.MAX_JTI + " characters)");
        }
        Instant now = clock.instant();
        if (!replay.firstUse(
                claims.getIssuer(), jti, claims.getExpirationTime().toInstant().plus(skew), now.minus(skew))) {
            throw CdsAuthException.unauthorized("jti " + jti + " was already used: replayed token refused");
        }
    }

    private static JWKSource<SecurityContext> keySource(SecurityProperties.CdsClient client) {
        if (client.jwks() != null && !client.jwks().isBlank()) {
            try {
                return new ImmutableJWKSet<>(JWKSet.parse(client.jwks()));
            } catch (ParseException e) {
                throw new IllegalStateException(
                        "CDS client " + client.issuer() + ": jwks is not a JWK Set: " + e.getMessage(), e);
            }
        }
        if (client.jwksUrl() == null || client.jwksUrl().isBlank()) {
            throw new IllegalStateException("CDS client " + client.issuer() + " needs jwks-url or jwks");
        }
        return remote(client.jwksUrl());
    }

    private static JWKSource<SecurityContext> remote(String url) {
        try {
            return JWKSourceBuilder.create(new URL(url)).retrying(false).build();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("Not a URL: " + url, e);
        }
    }
}
