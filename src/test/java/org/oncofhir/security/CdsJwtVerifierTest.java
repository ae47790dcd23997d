package org.oncofhir.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.oncofhir.schema.DatabaseSchema;
import org.oncofhir.testing.TestSecurity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * CDS client token times against a fixed clock: the clock skew (60 s) widens a token's life once, so no token is
 * accepted for more than 5 minutes + skew of our time, however its issuer sets iat and exp; and the forged,
 * misdirected and rotated-key tokens a client might send.
 */
class CdsJwtVerifierTest {

    private static final DataSource DATABASE = migratedDatabase();

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final String AUDIENCE = "https://cds.example.org/cds-services/oncofhir-breast-therapy";
    private static final SecurityProperties CLIENTS = new SecurityProperties(
            60,
            List.of(new SecurityProperties.CdsClient(
                    TestSecurity.EHR,
                    null,
                    new JWKSet(TestSecurity.EC.toPublicJWK()).toString(),
                    null,
                    null,
                    null,
                    false)),
            false);

    @ParameterizedTest(name = "iat {0}s, exp {1}s, checked at {2}s: {3}")
    @CsvSource({
        "0,    300,  0,    accepted",
        "0,    300,  299,  accepted",
        "0,    300,  300,  refused",
        "-60,  240,  239,  accepted",
        "-60,  240,  240,  refused",
        "60,   360,  0,    accepted",
        "60,   360,  359,  accepted",
        "60,   360,  361,  refused",
        "60,   360,  419,  refused",
        "61,   361,  0,    refused",
        "0,    301,  0,    refused",
        "-400, -100, 0,    refused",
    })
    void skewIsAppliedOnce(long iat, long exp, long at, String verdict) {
        CdsJwtVerifier verifier = new CdsJwtVerifier(
                CLIENTS, new JtiReplayStore(database()), Clock.fixed(T0.plusSeconds(at), ZoneOffset.UTC));
        String token = TestSecurity.es384(TestSecurity.EHR, TestSecurity.EC, c -> c.audience(AUDIENCE)
                .issueTime(Date.from(T0.plusSeconds(iat)))
                .expirationTime(Date.from(T0.plusSeconds(exp))));
        if (verdict.equals("accepted")) {
            assertThat(verifier.verify("Bearer " + token, List.of(AUDIENCE), "oncofhir-breast-therapy")
                            .issuer())
                    .isEqualTo(TestSecurity.EHR);
        } else {
            assertThatThrownBy(() -> verifier.verify("Bearer " + token, List.of(AUDIENCE), "oncofhir-breast-therapy"))
                    .isInstanceOf(CdsAuthException.class);
        }
    }

    @Test
    void forgedAndMisdirectedTokensAreRefused() throws Exception {
        CdsJwtVerifier verifier = verifier(CLIENTS);
        String unsigned = new PlainJWT(new JWTClaimsSet.Builder()
                        .issuer(TestSecurity.EHR)
                        .audience(AUDIENCE)
                        .issueTime(Date.from(T0))
                        .expirationTime(Date.from(T0.plusSeconds(60)))
                        .jwtID("plain")
                        .build())
                .serialize();
        refused(verifier, unsigned, "Unsigned");

        SignedJWT hmac = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(TestSecurity.EC.getKeyID())
                        .build(),
                claims("hmac"));
        hmac.sign(new MACSigner(TestSecurity.EC.toPublicJWK().toECPublicKey().getEncoded()));
        refused(verifier, hmac.serialize(), "HS256");

        refused(
                verifier,
                TestSecurity.sign(
                        new ECDSASigner(TestSecurity.EC),
                        new JWSHeader.Builder(JWSAlgorithm.ES384)
                                .keyID("no-such-key")
                                .build(),
                        TestSecurity.EHR,
                        c -> timed(c, "wrong-kid")),
                "No EC key");
        refused(
                verifier,
                TestSecurity.sign(
                        new ECDSASigner(TestSecurity.EC),
                        new JWSHeader.Builder(JWSAlgorithm.ES384)
                                .keyID(TestSecurity.EC.getKeyID())
                                .jwkURL(URI.create("https://elsewhere.example.org/jwks.json"))
                                .build(),
                        TestSecurity.EHR,
                        c -> timed(c, "off-list-jku")),
                "allow-list");
    }

    @Test
    void anAllowedJkuIsFetchedForItsKeys() throws Exception {
        ECKey rotated = new ECKeyGenerator(Curve.P_384).keyID("rotated-es384").generate();
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new JWKSet(rotated.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        try {
            String jku = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
            SecurityProperties clients = new SecurityProperties(
                    60,
                    List.of(new SecurityProperties.CdsClient(
                            TestSecurity.EHR,
                            null,
                            new JWKSet(TestSecurity.EC.toPublicJWK()).toString(),
                            List.of(jku),
                            null,
                            null,
                            false)),
                    false);
            String token = TestSecurity.sign(
                    new ECDSASigner(rotated),
                    new JWSHeader.Builder(JWSAlgorithm.ES384)
                            .keyID(rotated.getKeyID())
                            .jwkURL(URI.create(jku))
                            .build(),
                    TestSecurity.EHR,
                    c -> timed(c, "jku-ok"));
            assertThat(verifier(clients)
                            .verify("Bearer " + token, List.of(AUDIENCE), "oncofhir-breast-therapy")
                            .issuer())
                    .isEqualTo(TestSecurity.EHR);
        } finally {
            jwks.stop(0);
        }
    }

    private static CdsJwtVerifier verifier(SecurityProperties clients) {
        return new CdsJwtVerifier(clients, new JtiReplayStore(database()), Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static JWTClaimsSet claims(String jti) {
        return timed(new JWTClaimsSet.Builder().issuer(TestSecurity.EHR), jti).build();
    }

    private static JWTClaimsSet.Builder timed(JWTClaimsSet.Builder claims, String jti) {
        return claims.audience(AUDIENCE)
                .issueTime(Date.from(T0))
                .expirationTime(Date.from(T0.plusSeconds(120)))
                .jwtID(jti);
    }

    private static void refused(CdsJwtVerifier verifier, String token, String reason) {
        assertThatThrownBy(() -> verifier.verify("Bearer " + token, List.of(AUDIENCE), "oncofhir-breast-therapy"))
                .isInstanceOf(CdsAuthException.class)
                .hasMessageContaining(reason);
    }

    /** The token id table of a database with the server's schema: migrated once, emptied for each verifier. */
    private static JdbcTemplate database() {
        JdbcTemplate jdbc = new JdbcTemplate(DATABASE);
        jdbc.update("DELETE FROM oncofhir_cds_jti");
        return jdbc;
    }

    private static DataSource migratedDatabase() {
        DataSource dataSource =
                new DriverManagerDataSource("jdbc:h2:mem:jti-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        DatabaseSchema.migrate(dataSource);
        return dataSource;
    }
}
