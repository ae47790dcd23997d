package org.oncofhir.biomarkers;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One clinical result as the rules use it (a biomarker, or a supporting fact such as LVEF), with what a card must
 * cite about it: the Observation reference, its code and value as text, and its date.
 *
 * @param value the typed result (e.g. {@link Her2Ihc})
 * @param observationId "Observation/123", or null when the result came without an id
 * @param code the code with its system named, e.g. "LOINC 85319-2"
 * @param effective when the result applies; null when the source gave no date
 * @param <T> type of the result
 */
public record BiomarkerResult<T>(
        T value, String observationId, String code, String valueText, OffsetDateTime effective) {

    /** "LOINC 85319-2 = 3+ on 2026-10-14 (Observation/123)": how a card names the evidence it used. */
    public String citation() {
        return code + " = " + valueText + " on " + (effective == null ? "unknown date" : effective.toLocalDate()) + " ("
                + (observationId == null ? "no id" : observationId) + ")";
    }

    /** The date of the result, or null when unknown. */
    public LocalDate date() {
        return effective == null ? null : effective.toLocalDate();
    }
}
