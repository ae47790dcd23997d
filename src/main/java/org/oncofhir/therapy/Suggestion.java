package org.oncofhir.therapy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One thing the clinician can accept: a regimen (draft MedicationRequests and a CarePlan), tests (draft
 * ServiceRequests), or removing draft orders.
 */
public record Suggestion(
        String label,
        boolean recommended,
        TherapyKnowledge.Regimen regimen,
        List<TestOrder> tests,
        List<String> deleteOrders) {

    static Suggestion regimen(TherapyKnowledge.Regimen regimen, boolean recommended) {
        return new Suggestion("Propose: " + regimen.title(), recommended, regimen, List.of(), List.of());
    }

    static Suggestion tests(String label, TestOrder... tests) {
        return new Suggestion(label, true, null, List.of(tests), List.of());
    }

    static Suggestion delete(String label, List<String> orders) {
        return new Suggestion(label, true, null, List.of(), List.copyOf(orders));
    }

    /**
     * This suggestion as the response may give it: a recommended regimen with a drug a safety card holds ({@code
     * held}: ingredient -> the condition) becomes not recommended, its label naming the condition.
     */
    Suggestion heldBack(Map<String, String> held) {
        if (!recommended || regimen == null) {
            return this;
        }
        String conditions = regimen.drugs().stream()
                .map(held::get)
                .filter(Objects::nonNull)
                .distinct()
                .collect(Collectors.joining("; "));
        return conditions.isEmpty()
                ? this
                : new Suggestion(
                        label + " (not recommended now: " + conditions + ")", false, regimen, tests, deleteOrders);
    }
}
