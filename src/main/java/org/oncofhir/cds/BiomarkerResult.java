package org.oncofhir.cds;

import java.time.OffsetDateTime;

/**
 * One biomarker result as the rules use it, with what a card must cite about it: the Observation id, its code
 * and value as text, and its date.
 *
 * @param <T> the typed result (e.g. {@link org.oncofhir.biomarkers.Her2Ihc})
 */
public record BiomarkerResult<T>(T value, String observationId, String code, String valueText, OffsetDateTime effective) {

    /** "LOINC 85319-2 = 3+ on 2026-10-14 (Observation/123)": how a card names the evidence it used. */
    public String citation() {
        return "LOINC " + code + " = " + valueText + " on " + (effective == null ? "unknown date" : effective.toLocalDate())
                + " (" + observationId + ")";
    }
}
