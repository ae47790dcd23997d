package org.oncofhir.therapy;

import java.time.LocalDate;
import java.util.Set;

/**
 * One therapy on the patient's timeline: what was given (RxNorm ingredients; none for a chemotherapy procedure that
 * names no agent) and when, as far as the record says.
 *
 * @param chemotherapy a cytotoxic drug (chemotherapy ValueSet) or a chemotherapy procedure
 * @param start first day; null when the record gives no date
 * @param end last day; null while ongoing or when the record gives no end
 */
public record Exposure(Set<String> ingredients, boolean chemotherapy, LocalDate start, LocalDate end) {

    public Exposure {
        ingredients = Set.copyOf(ingredients);
    }

    boolean gives(Set<String> drugs) {
        return ingredients.stream().anyMatch(drugs::contains);
    }

    /** "letrozole from 2023-03-01 to 2026-08-01" as a card names it. */
    String describe(String name) {
        return name + (start == null ? " (no date on record)" : " from " + start + (end == null ? "" : " to " + end));
    }
}
