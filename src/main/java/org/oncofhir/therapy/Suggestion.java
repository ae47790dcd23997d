package org.oncofhir.therapy;

import java.util.List;

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
}
