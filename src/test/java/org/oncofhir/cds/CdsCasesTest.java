package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.facts.ClinicalFactsReader;
import org.oncofhir.facts.PatientRecord;
import org.oncofhir.testing.CdsCase;
import org.oncofhir.therapy.DrugCatalogue;
import org.oncofhir.therapy.Recommendation;
import org.oncofhir.therapy.Suggestion;
import org.oncofhir.therapy.TherapyAdvisor;
import org.oncofhir.therapy.TherapyKnowledge;

/** Every row of {@code cases/cds-cases.csv}: FHIR resources -> facts -> the rules' cards, drugs and urgency. */
class CdsCasesTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final ClinicalFactsReader READER = new ClinicalFactsReader(DrugCatalogue.load());
    private static final TherapyAdvisor ADVISOR = new TherapyAdvisor(TherapyKnowledge.load());

    static List<CdsCase> cases() {
        return CdsCase.all();
    }

    static List<Recommendation> evaluate(CdsCase c) {
        PatientRecord record = PatientRecord.of(c.patientId(), c.patientResources());
        var facts = READER.read(record, TODAY);
        return c.isOrderCheck()
                ? ADVISOR.orderCheck(facts, READER.draftOrders(c.draftOrders()))
                : ADVISOR.patientView(facts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rulesReachTheExpectedCards(CdsCase c) {
        List<Recommendation> result = evaluate(c);

        assertThat(result.stream().map(Recommendation::rule).collect(Collectors.toSet()))
                .as("rules")
                .isEqualTo(c.list("expect_rules"));
        assertThat(suggestedDrugs(result)).as("suggested RxNorm ingredients").isEqualTo(c.list("expect_drugs"));
        assertThat(result.isEmpty() ? "none" : result.get(0).indicator().name().toLowerCase())
                .as("most urgent indicator")
                .isEqualTo(c.get("expect_top"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCardCitesItsEvidenceAndItsResults(CdsCase c) {
        Set<String> orders = c.draftOrders().stream()
                .map(o -> "MedicationRequest/" + o.getIdElement().getIdPart())
                .collect(Collectors.toSet());
        for (Recommendation r : evaluate(c)) {
            assertThat(r.summary()).hasSizeLessThanOrEqualTo(Recommendation.MAX_SUMMARY);
            assertThat(r.evidence().url()).startsWith("https://");
            assertThat(r.reasoning()).isNotBlank();
            r.basis().forEach(b -> assertThat(b.observationId()).startsWith("Observation/" + c.patientId()));
            for (Suggestion s : r.suggestions()) {
                assertThat(s.regimen() != null
                                || !s.tests().isEmpty()
                                || !s.deleteOrders().isEmpty())
                        .isTrue();
                assertThat(orders).containsAll(s.deleteOrders());
            }
        }
    }

    @Test
    void reTestingAtRecurrenceNamesOnlyTheMarkersThatPredateIt() {
        CdsCase c = CdsCase.all().stream()
                .filter(x -> x.id().equals("recurrence-her2-retested-er-pr-not"))
                .findFirst()
                .orElseThrow();
        Recommendation retest = evaluate(c).stream()
                .filter(r -> r.rule().equals("retest-at-recurrence"))
                .findFirst()
                .orElseThrow();
        assertThat(retest.summary()).startsWith("ER/PR results predate");
        assertThat(retest.suggestions().get(0).tests())
                .extracting(t -> t.code())
                .containsExactly("40556-3", "40557-1");
    }

    @Test
    void stageOneHer2PositiveProposesTrastuzumabNotPertuzumab() {
        for (String id : new String[] {"her2-3plus-stage1-trastuzumab-proposed", "her2-3plus-early-naive"}) {
            CdsCase c = CdsCase.all().stream()
                    .filter(x -> x.id().equals(id))
                    .findFirst()
                    .orElseThrow();
            Suggestion proposed = evaluate(c).stream()
                    .flatMap(card -> card.suggestions().stream())
                    .filter(Suggestion::recommended)
                    .findFirst()
                    .orElseThrow();
            assertThat(proposed.regimen().drugs())
                    .as(id)
                    .isEqualTo(id.contains("stage1") ? List.of("224905") : List.of("224905", "1298944"));
        }
    }

    private static Set<String> suggestedDrugs(List<Recommendation> result) {
        return result.stream()
                .flatMap(r -> r.suggestions().stream())
                .map(Suggestion::regimen)
                .filter(Objects::nonNull)
                .flatMap(regimen -> regimen.drugs().stream())
                .collect(Collectors.toSet());
    }
}
