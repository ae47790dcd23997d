package org.oncofhir.security;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who made a search (a token's patient and scopes), kept in the database (every instance pages through the same
 * searches), so that a token pages only through searches made with the same rights: a paging id alone reveals
 * nothing of others'.
 */
class SearchOwners {

    /** Longer than HAPI keeps a search for paging (one hour after its last use by default). */
    private static final Duration KEPT = Duration.ofDays(1);

    private final JdbcTemplate jdbc;

    SearchOwners(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void record(String searchUuid, String owner, Instant now) {
        jdbc.update("DELETE FROM oncofhir_search_owners WHERE created_at < ?", Timestamp.from(now.minus(KEPT)));
        jdbc.update(
                "INSERT INTO oncofhir_search_owners (search_uuid, owner, created_at) VALUES (?, ?, ?)",
                searchUuid,
                owner,
                Timestamp.from(now));
    }

    boolean madeBy(String searchUuid, String owner) {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM oncofhir_search_owners WHERE search_uuid = ? AND owner = ?",
                Integer.class,
                searchUuid,
                owner);
        return count != null && count > 0;
    }
}
