package org.oncofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;
import org.oncofhir.testing.TestSecurity;

/**
 * CDS Hooks "Trusting CDS Clients" over HTTP: each way a client token can be wrong gets 401 (or 403 for a service
 * the client may not call) with a JSON reason; correctly signed ES384 and RS384 tokens get through; discovery
 * stays open.
 */
class CdsAuthIT extends AbstractServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SERVICE = "oncofhir-breast-therapy";
    /** A patient-view call for an unknown patient: past security it answers 412, so 412 proves authentication passed. */
    private static final String BODY = "{\"hook\":\"patient-view\",\"hookInstance\":\"auth-test\","
            + "\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\"no-such-patient\"}}";

    private String audience() {
        return baseUrl() + "/cds-services/" + SERVICE;
    }

    @Test
    void correctlySignedEs384AndRs384TokensAreAccepted() throws Exception {
        assertThat(call(SERVICE, TestSecurity.token(audience())).statusCode()).isEqualTo(412);
        assertThat(call(SERVICE, TestSecurity.rs384(c -> c.audience(audience())))
                        .statusCode())
                .isEqualTo(412);
    }

    @Test
    void discoveryNeedsNoToken() throws Exception {
        HttpResponse<String> discovery = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/cds-services")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(discovery.statusCode()).isEqualTo(200);
    }

    @Test
    void missingAuthorizationIs401() throws Exception {
        refused(call(SERVICE, null), 401, "Bearer");
    }

    @Test
    void aRefusalCarriesCorsHeadersSoBrowserClientsCanReadIt() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(audience()))
                        .header("Origin", "https://sandbox.cds-hooks.org")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(BODY))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        refused(response, 401, "Bearer");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://sandbox.cds-hooks.org");
    }

    @Test
    void algNoneTokenIsRefused() throws Exception {
        String none = new PlainJWT(claims(audience()).build()).serialize();
        refused(call(SERVICE, none), 401, "Unsigned");
    }

    @Test
    void signedHeaderWithTheSignatureStrippedIsRefused() throws Exception {
        String signed = TestSecurity.token(audience());
        refused(call(SERVICE, signed.substring(0, signed.lastIndexOf('.') + 1)), 401, "");
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        byte[] publicKey = TestSecurity.RSA.toRSAPublicKey().getEncoded();
        String token = TestSecurity.sign(
                new MACSigner(publicKey),
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(TestSecurity.RSA.getKeyID())
                        .build(),
                TestSecurity.EHR,
                c -> c.audience(audience()));
        refused(call(SERVICE, token), 401, "HS256");
    }

    @Test
    void keyTypeConfusionIsRefused() throws Exception {
        // ES384 header naming the RSA key: no EC key with that kid exists.
        String token = TestSecurity.sign(
                new ECDSASigner(TestSecurity.EC),
                new JWSHeader.Builder(JWSAlgorithm.ES384)
                        .keyID(TestSecurity.RSA.getKeyID())
                        .build(),
                TestSecurity.EHR,
                c -> c.audience(audience()));
        refused(call(SERVICE, token), 401, "No EC key");
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        refused(call(SERVICE, TestSecurity.token(baseUrl() + "/cds-services/oncofhir-breast-order-sign")), 401, "aud");
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        String token = TestSecurity.es384(TestSecurity.EHR, TestSecurity.EC, c -> c.audience(audience())
                .issueTime(Date.from(Instant.now().minusSeconds(900)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600))));
        refused(call(SERVICE, token), 401, "expired");
    }

    @Test
    void issuedInTheFutureIsRefused() throws Exception {
        String token = TestSecurity.es384(TestSecurity.EHR, TestSecurity.EC, c -> c.audience(audience())
                .issueTime(Date.from(Instant.now().plusSeconds(600)))
                .expirationTime(Date.from(Instant.now().plusSeconds(900))));
        refused(call(SERVICE, token), 401, "future");
    }

    @Test
    void replayedJtiIsRefused() throws Exception {
        String token = TestSecurity.token(audience());
        assertThat(call(SERVICE, token).statusCode()).isEqualTo(412);
        refused(call(SERVICE, token), 401, "replayed");
    }

    @Test
    void unknownIssuerIsRefused() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_384)
                .keyID(TestSecurity.EC.getKeyID())
                .generate();
        refused(
                call(
                        SERVICE,
                        TestSecurity.es384("https://stranger.example.org", stranger, c -> c.audience(audience()))),
                401,
                "not a trusted");
    }

    @Test
    void signatureByAnotherKeyUnderTheRightKidIsRefused() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_384)
                .keyID(TestSecurity.EC.getKeyID())
                .generate();
        refused(
                call(SERVICE, TestSecurity.es384(TestSecurity.EHR, impostor, c -> c.audience(audience()))),
                401,
                "Signature");
    }

    @Test
    void jkuNotOnTheAllowListIsRefused() throws Exception {
        String token = TestSecurity.sign(
                new ECDSASigner(TestSecurity.EC),
                new JWSHeader.Builder(JWSAlgorithm.ES384)
                        .keyID(TestSecurity.EC.getKeyID())
                        .jwkURL(URI.create("https://attacker.example.net/jwks.json"))
                        .build(),
                TestSecurity.EHR,
                c -> c.audience(audience()));
        refused(call(SERVICE, token), 401, "allow-list");
    }

    @Test
    void wrongKidIsRefused() throws Exception {
        String token = TestSecurity.sign(
                new ECDSASigner(TestSecurity.EC),
                new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("no-such-key").build(),
                TestSecurity.EHR,
                c -> c.audience(audience()));
        refused(call(SERVICE, token), 401, "no-such-key");
    }

    @Test
    void clientLimitedToOtherServicesIs403() throws Exception {
        String token =
                TestSecurity.es384(TestSecurity.ORDER_ONLY, TestSecurity.ORDER_ONLY_KEY, c -> c.audience(audience()));
        refused(call(SERVICE, token), 403, "may not call");
    }

    @Test
    void disguisedSpellingsOfThePathAreStillChecked() throws Exception {
        for (String path :
                new String[] {"/cds-services;a=b/" + SERVICE, "/cds%2Dservices/" + SERVICE, "/cds-services/./" + SERVICE
                }) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(BODY))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + " " + response.body()).isIn(400, 401, 404);
        }
    }

    @Test
    void tokenWithoutIssuerIs401NotAServerError() throws Exception {
        String token = TestSecurity.es384(null, TestSecurity.EC, c -> c.audience(audience()));
        refused(call(SERVICE, token), 401, "not a trusted");
    }

    @Test
    void longLivedTokenIsRefused() throws Exception {
        String token = TestSecurity.es384(TestSecurity.EHR, TestSecurity.EC, c -> c.audience(audience())
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))));
        refused(call(SERVICE, token), 401, "lifetime");
    }

    @Test
    void feedbackNeedsATokenToo() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(audience() + "/feedback"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"feedback\":[]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        refused(response, 401, "Bearer");
    }

    private static JWTClaimsSet.Builder claims(String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(TestSecurity.EHR)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private HttpResponse<String> call(String service, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/cds-services/" + service))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void refused(HttpResponse<String> response, int status, String reason) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("message").asText()).contains(reason);
    }
}
