package org.oncofhir.security;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The patient whose token made a search, kept in the database (every instance pages through the same searches), so
 * that a patient-scoped token pages only through its own searches: a paging id alone reveals nothing of others'.
 */
class SearchOwners {

    /** Longer than HAPI keeps a search for paging (one hour after its last use by default). */
    private static final Duration KEPT = Duration.ofDays(1);

    private static final String DDL = """
            CREATE TABLE IF NOT EXISTS oncofhir_search_owner (
                search_uuid VARCHAR(64) NOT NULL PRIMARY KEY,
                patient_id VARCHAR(64) NOT NULL,
                created_at TIMESTAMP NOT NULL
            )""";
    private static final String INDEX =
            "CREATE INDEX IF NOT EXISTS oncofhir_search_owner_age ON oncofhir_search_owner (created_at)";

    private final JdbcTemplate jdbc;

    SearchOwners(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute(DDL);
        jdbc.execute(INDEX);
    }

    void record(String searchUuid, String patientId, Instant now) {
        jdbc.update("DELETE FROM oncofhir_search_owner WHERE created_at < ?", Timestamp.from(now.minus(KEPT)));
        jdbc.update("INSERT INTO oncofhir_search_owner (search_uuid, patient_id, created_at) VALUES (?, ?, ?)",
                searchUuid, patientId, Timestamp.from(now));
    }

    boolean madeFor(String searchUuid, String patientId) {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM oncofhir_search_owner WHERE search_uuid = ? AND patient_id = ?",
                Integer.class, searchUuid, patientId);
        return count != null && count > 0;
    }
}
