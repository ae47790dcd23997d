package org.oncofhir.therapy;

import java.util.List;
import java.util.Set;
import org.oncofhir.biomarkers.BiomarkerResult;

/**
 * What one rule concluded, ready to become a card: urgency, a summary of at most 140 characters, the reasoning,
 * the evidence cited, the results it relied on and its suggestions.
 *
 * @param topic what the card is about (CDS Hooks Source.topic)
 * @param rule stable rule id (the case tables name it)
 * @param basis results the conclusion used; their ids become the suggestions' reasonReference
 * @param alternatives the suggestions exclude each other (CDS Hooks selectionBehavior "at-most-one")
 * @param holds RxNorm ingredients this (safety) card holds back: not recommended anywhere in the same response
 */
public record Recommendation(
        Topic topic,
        String rule,
        Indicator indicator,
        String summary,
        String reasoning,
        TherapyKnowledge.Evidence evidence,
        List<BiomarkerResult<?>> basis,
        List<Suggestion> suggestions,
        boolean alternatives,
        Set<String> holds) {

    public static final int MAX_SUMMARY = 140;

    public Recommendation {
        if (summary.length() > MAX_SUMMARY) {
            summary = summary.substring(0, MAX_SUMMARY - 1) + "…";
        }
        basis = List.copyOf(basis);
        suggestions = List.copyOf(suggestions);
        holds = Set.copyOf(holds);
    }

    public boolean suggestsAny(Set<String> ingredients) {
        return suggestions.stream()
                .anyMatch(
                        s -> s.regimen() != null && s.regimen().drugs().stream().anyMatch(ingredients::contains));
    }
}
