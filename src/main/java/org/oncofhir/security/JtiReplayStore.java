package org.oncofhir.security;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Token ids ({@code jti}) already used, kept in the database until the token expires, so a replayed token is
 * refused by every instance that shares the database.
 */
class JtiReplayStore {

    static final int MAX_JTI = 200;

    private final JdbcTemplate jdbc;

    JtiReplayStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the token id; false when it was seen before (a replay). Ids expired before {@code purgeBefore} (now
     * minus the clock skew, so an instance whose clock runs behind still finds them) are purged on the way.
     */
    boolean firstUse(String issuer, String jti, Instant expiresAt, Instant purgeBefore) {
        jdbc.update("DELETE FROM oncofhir_cds_jti WHERE expires_at < ?", Timestamp.from(purgeBefore));
        try {
            jdbc.update(
                    "INSERT INTO oncofhir_cds_jti (issuer, jti, expires_at) VALUES (?, ?, ?)",
                    issuer,
                    jti,
                    Timestamp.from(expiresAt));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }
}
