package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.CdsCase;
import org.oncofhir.therapy.Indicator;
import org.oncofhir.therapy.Recommendation;
import org.oncofhir.therapy.Suggestion;

/**
 * Safe by construction, checked as a property over every response the case tables and the demo patients give: no
 * recommended suggestion orders a drug that a critical or warning card of the same response holds back.
 */
class SafetyInvariantTest {

    @Test
    void noRecommendedSuggestionOrdersADrugASafetyCardHolds() {
        Map<String, List<Recommendation>> responses = new LinkedHashMap<>();
        for (CdsCase c : CdsCase.all()) {
            responses.put("case " + c.id(), CdsCasesTest.evaluate(c));
        }
        DemoDataTest.demoPatientViews().forEach((patient, cards) -> responses.put("demo " + patient, cards));

        int heldBack = 0;
        for (Map.Entry<String, List<Recommendation>> response : responses.entrySet()) {
            Set<String> held = response.getValue().stream()
                    .filter(card -> card.indicator() != Indicator.INFO)
                    .flatMap(card -> card.holds().stream())
                    .collect(Collectors.toSet());
            List<Suggestion> regimens = response.getValue().stream()
                    .flatMap(card -> card.suggestions().stream())
                    .filter(s -> s.regimen() != null)
                    .toList();
            assertThat(regimens)
                    .as(response.getKey())
                    .noneMatch(
                            s -> s.recommended() && s.regimen().drugs().stream().anyMatch(held::contains));
            heldBack += (int) regimens.stream()
                    .filter(s -> !s.recommended() && s.label().contains("not recommended now"))
                    .count();
        }
        assertThat(responses.size()).as("responses checked").isGreaterThan(90);
        assertThat(heldBack)
                .as("suggestions offered but held back by a safety card")
                .isGreaterThan(3);
    }
}
