package org.oncofhir.cds.feedback;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CDS Hooks feedback (accepted / overridden cards) kept in the server's database, so it survives restarts and is
 * shared by every instance on one PostgreSQL. Its table comes from the schema migrations ({@code org.oncofhir.schema}).
 */
public class FeedbackStore {

    /** Longest JSON kept for acceptedSuggestions or overrideReason; longer feedback is refused (400). */
    static final int MAX_JSON = 4000;

    /** One stored feedback item, as the admin endpoint returns it. */
    public record Entry(
            String id,
            String serviceId,
            String card,
            String outcome,
            String outcomeTimestamp,
            String acceptedSuggestions,
            String overrideReason,
            Instant receivedAt) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public FeedbackStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Stores all items of one feedback request, or none of them. */
    public void saveAll(List<Entry> entries) {
        transactions.executeWithoutResult(status -> entries.forEach(e -> jdbc.update(
                "INSERT INTO oncofhir_cds_feedback (id, service_id, card_uuid, outcome, outcome_timestamp,"
                        + " accepted_suggestions, override_reason, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                e.id(),
                e.serviceId(),
                e.card(),
                e.outcome(),
                e.outcomeTimestamp(),
                e.acceptedSuggestions(),
                e.overrideReason(),
                Timestamp.from(e.receivedAt()))));
    }

    /** Newest first; serviceId null for all services. */
    List<Entry> find(String serviceId, int limit) {
        String where = serviceId == null ? "" : " WHERE service_id = ?";
        Object[] args = serviceId == null ? new Object[] {limit} : new Object[] {serviceId, limit};
        return jdbc.query(
                "SELECT * FROM oncofhir_cds_feedback" + where + " ORDER BY received_at DESC, id LIMIT ?",
                (rs, n) -> new Entry(
                        rs.getString("id"),
                        rs.getString("service_id"),
                        rs.getString("card_uuid"),
                        rs.getString("outcome"),
                        rs.getString("outcome_timestamp"),
                        rs.getString("accepted_suggestions"),
                        rs.getString("override_reason"),
                        rs.getTimestamp("received_at").toInstant()),
                args);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}
