package org.oncofhir.security;

import org.oncofhir.testing.TestSecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * CDS client token times against a fixed clock: the clock skew (60 s) widens a token's life once, so no token is
 * accepted for more than 5 minutes + skew of our time, however its issuer sets iat and exp.
 */
class CdsJwtVerifierTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final String AUDIENCE = "https://cds.example.org/cds-services/oncofhir-breast-therapy";
    private static final CdsClientsProperties CLIENTS = new CdsClientsProperties(true, 60,
            List.of(new CdsClientsProperties.CdsClient(TestSecurity.EHR, null,
                    new JWKSet(TestSecurity.EC.toPublicJWK()).toString(), null, null, null, false)), false);

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
        CdsJwtVerifier verifier = new CdsJwtVerifier(CLIENTS, new JtiReplayStore(database()),
                Clock.fixed(T0.plusSeconds(at), ZoneOffset.UTC));
        String token = TestSecurity.es384(TestSecurity.EHR, TestSecurity.EC, c -> c.audience(AUDIENCE)
                .issueTime(Date.from(T0.plusSeconds(iat))).expirationTime(Date.from(T0.plusSeconds(exp))));
        if (verdict.equals("accepted")) {
            assertThat(verifier.verify("Bearer " + token, List.of(AUDIENCE), "oncofhir-breast-therapy").issuer())
                    .isEqualTo(TestSecurity.EHR);
        } else {
            assertThatThrownBy(() -> verifier.verify("Bearer " + token, List.of(AUDIENCE), "oncofhir-breast-therapy"))
                    .isInstanceOf(CdsAuthException.class);
        }
    }

    private static JdbcTemplate database() {
        return new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:jti-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
    }
}
