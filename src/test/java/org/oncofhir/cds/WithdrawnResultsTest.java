package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.oncofhir.facts.ClinicalFactsReader;
import org.oncofhir.facts.PatientRecord;
import org.oncofhir.testing.TestResources;
import org.oncofhir.therapy.DrugCatalogue;
import org.oncofhir.therapy.Indicator;
import org.oncofhir.therapy.Recommendation;
import org.oncofhir.therapy.TherapyAdvisor;
import org.oncofhir.therapy.TherapyKnowledge;

/** Withdrawn results (entered-in-error, cancelled) from FHIR to cards: never used, always said. */
class WithdrawnResultsTest {

    private static final ClinicalFactsReader READER = new ClinicalFactsReader(DrugCatalogue.load());
    private static final TherapyAdvisor ADVISOR = new TherapyAdvisor(TherapyKnowledge.load());
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @Test
    void aWithdrawnHer2ResultIsNotUsedAndTheCardSaysWhatRemains() {
        Observation withdrawn = her2("h-3plus", "LA11843-2", "3+", Observation.ObservationStatus.ENTEREDINERROR);
        Observation remaining = her2("h-1plus", "LA11841-6", "1+", Observation.ObservationStatus.FINAL);

        List<Recommendation> alone = advise(withdrawn);
        assertThat(rules(alone)).contains("retracted-result", "her2-missing");

        List<Recommendation> withRemaining = advise(withdrawn, remaining);
        assertThat(rules(withRemaining)).contains("retracted-result").doesNotContain("her2-missing");
        Recommendation card = card(withRemaining, "retracted-result");
        assertThat(card.summary()).contains("HER2 IHC", "withdrawn");
        assertThat(card.reasoning()).contains("Observation/h-3plus", "not used", "HER2-low");
        assertThat(card.basis()).extracting(b -> b.observationId()).containsExactly("Observation/h-1plus");
    }

    @Test
    void aCancelledResultCountsAsWithdrawnAndAFinalOneDoesNot() {
        assertThat(rules(advise(her2("h-c", "LA11843-2", "3+", Observation.ObservationStatus.CANCELLED))))
                .contains("retracted-result");
        assertThat(rules(advise(her2("h-f", "LA11843-2", "3+", Observation.ObservationStatus.FINAL))))
                .doesNotContain("retracted-result");
    }

    @Test
    void aResultDerivedFromAWithdrawnOneIsNotUsedEither() {
        Observation withdrawn = her2("h-3plus", "LA11843-2", "3+", Observation.ObservationStatus.ENTEREDINERROR);
        Observation overall = her2("status-pos", "LA6576-8", "Positive", Observation.ObservationStatus.FINAL);
        overall.setCode(new CodeableConcept(new Coding("http://loinc.org", "48676-1", "HER2 interpretation")));
        overall.addDerivedFrom(new Reference("Observation/h-3plus"));
        assertThat(rules(advise(overall))).doesNotContain("her2-missing");
        assertThat(rules(advise(withdrawn, overall))).contains("retracted-result", "her2-missing");
    }

    @Test
    void oneCardPerMarkerInformationOnceReplacedAndNoneForATestThatGaveNoValue() {
        Observation older = her2("h-old", "LA11843-2", "3+", Observation.ObservationStatus.ENTEREDINERROR);
        older.setEffective(new DateTimeType("2026-05-01"));
        Observation newer = her2("h-new", "LA11843-2", "3+", Observation.ObservationStatus.ENTEREDINERROR);
        newer.setEffective(new DateTimeType("2026-05-10"));
        List<Recommendation> twice = advise(older, newer);
        assertThat(rules(twice).stream().filter("retracted-result"::equals)).hasSize(1);
        assertThat(card(twice, "retracted-result").indicator()).isEqualTo(Indicator.WARNING);

        Observation replacement = her2("h-repl", "LA11841-6", "1+", Observation.ObservationStatus.FINAL);
        replacement.setEffective(new DateTimeType("2026-06-01"));
        assertThat(card(advise(newer, replacement), "retracted-result").indicator())
                .isEqualTo(Indicator.INFO);

        Observation noValue = her2("h-none", "LA11843-2", "3+", Observation.ObservationStatus.CANCELLED);
        noValue.setValue(null);
        assertThat(rules(advise(noValue))).doesNotContain("retracted-result");
    }

    @Test
    void orderChecksSayItToo() {
        Observation withdrawn = her2("h-w", "LA11843-2", "3+", Observation.ObservationStatus.ENTEREDINERROR);
        assertThat(ADVISOR.orderCheck(READER.read(PatientRecord.of("p", List.of(withdrawn)), TODAY), List.of()))
                .extracting(Recommendation::rule)
                .contains("retracted-result");
    }

    private static Observation her2(String id, String answer, String display, Observation.ObservationStatus status) {
        Observation observation = TestResources.her2Ihc(new IdType("Patient", "p"), "urn:test:withdrawn", id);
        observation.setId("Observation/" + id);
        observation.setStatus(status);
        observation.setValue(new CodeableConcept(new Coding("http://loinc.org", answer, display)));
        return observation;
    }

    private static List<Recommendation> advise(Observation... observations) {
        List<Resource> record = new ArrayList<>(List.of(observations));
        record.add(new Condition()
                .setSubject(new Reference("Patient/p"))
                .setCode(new CodeableConcept(
                        new Coding("http://snomed.info/sct", "254837009", "Malignant neoplasm of breast"))));
        return ADVISOR.patientView(READER.read(PatientRecord.of("p", record), TODAY));
    }

    @Test
    void withoutADiagnosisTheWithdrawalIsStillSaid() {
        Observation withdrawn = her2("h-x", "LA11843-2", "3+", Observation.ObservationStatus.ENTEREDINERROR);
        assertThat(ADVISOR.patientView(READER.read(PatientRecord.of("p", List.of(withdrawn)), TODAY)))
                .extracting(Recommendation::rule)
                .contains("retracted-result");
    }

    private static List<String> rules(List<Recommendation> recommendations) {
        return recommendations.stream().map(Recommendation::rule).toList();
    }

    private static Recommendation card(List<Recommendation> recommendations, String rule) {
        return recommendations.stream()
                .filter(r -> r.rule().equals(rule))
                .findFirst()
                .orElseThrow();
    }
}
