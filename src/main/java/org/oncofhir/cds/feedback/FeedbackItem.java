package org.oncofhir.cds.feedback;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceFeedbackJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** The checks one CDS Hooks feedback item must pass before it is stored. */
public final class FeedbackItem {

    private static final Set<String> OUTCOMES = Set.of("accepted", "overridden");

    private FeedbackItem() {}

    /**
     * The entry to store for one item of a feedback request.
     *
     * @param parsed the item as HAPI's feedback model reads it
     * @param item the same item as JSON (its suggestions and override reason are kept as sent)
     * @throws InvalidFeedbackException naming what is missing or malformed
     */
    public static FeedbackStore.Entry entry(
            String serviceId, CdsServiceFeedbackJson parsed, JsonNode item, Instant receivedAt) {
        String outcome = item.path("outcome").asText();
        if (parsed.getCard() == null
                || parsed.getCard().isBlank()
                || !OUTCOMES.contains(outcome)
                || parsed.getOutcomeTimestamp() == null) {
            throw new InvalidFeedbackException(
                    "each feedback item needs card, outcome (accepted|overridden) and outcomeTimestamp");
        }
        try {
            OffsetDateTime.parse(parsed.getOutcomeTimestamp());
        } catch (DateTimeParseException e) {
            throw new InvalidFeedbackException(
                    "outcomeTimestamp must be an ISO 8601 date-time with offset, e.g. 2026-11-23T09:00:00Z");
        }
        JsonNode reason = item.path("overrideReason").path("reason");
        if (!reason.isMissingNode()
                && !OverrideReasons.offered(
                        reason.path("system").asText(), reason.path("code").asText())) {
            throw new InvalidFeedbackException("overrideReason.reason must be one the card offered: system "
                    + OverrideReasons.SYSTEM + ", code one of "
                    + OverrideReasons.all().stream()
                            .map(OverrideReasons.Reason::code)
                            .toList());
        }
        if (!item.path("overrideReason").isMissingNode() && !"overridden".equals(outcome)) {
            throw new InvalidFeedbackException("overrideReason belongs to an overridden outcome only");
        }
        return new FeedbackStore.Entry(
                FeedbackStore.newId(),
                serviceId,
                parsed.getCard(),
                outcome,
                parsed.getOutcomeTimestamp(),
                json(item.get("acceptedSuggestions")),
                json(item.get("overrideReason")),
                receivedAt);
    }

    private static String json(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.toString();
        if (text.length() > FeedbackStore.MAX_JSON) {
            throw new InvalidFeedbackException(
                    "feedback item too large (over " + FeedbackStore.MAX_JSON + " characters)");
        }
        return text;
    }
}
