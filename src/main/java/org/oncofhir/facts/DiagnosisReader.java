package org.oncofhir.facts;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;

/** The diagnosis step: breast cancer, metastatic disease and when it was found, and the stage group. */
final class DiagnosisReader {

    private static final Pattern STAGE = Pattern.compile("(?i)stage\\s*(IV|III|II|I|[1-4])");
    private static final Map<String, Integer> STAGE_NUMBERS =
            Map.of("I", 1, "II", 2, "III", 3, "IV", 4, "1", 1, "2", 2, "3", 3, "4", 4);

    private static final Recognition R = Recognition.standard();

    private DiagnosisReader() {}

    /** The setting the diagnosis Conditions and staging Observations describe. */
    record Diagnosis(
            boolean breastCancer,
            LocalDate diagnosisDate,
            boolean metastatic,
            boolean recurrenceRecorded,
            LocalDate recurrenceDate,
            Integer stageGroup) {}

    static Diagnosis diagnosis(List<Condition> conditions, List<Observation> newestFirst) {
        boolean breastCancer = conditions.stream().anyMatch(DiagnosisReader::isBreastCancer);
        LocalDate diagnosed = conditions.stream()
                .filter(DiagnosisReader::isBreastCancer)
                .map(DiagnosisReader::onset)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
        List<Condition> secondary =
                conditions.stream().filter(DiagnosisReader::isSecondaryCancer).toList();
        Integer stage = stageGroup(conditions, newestFirst);
        boolean metastatic = !secondary.isEmpty() || Objects.equals(stage, 4) || clinicalM1(newestFirst);
        LocalDate recurrence = secondary.stream()
                .map(DiagnosisReader::onset)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
        return new Diagnosis(breastCancer, diagnosed, metastatic, !secondary.isEmpty(), recurrence, stage);
    }

    /** A Condition counts unless refuted or entered in error. */
    static boolean stands(Condition c) {
        return c.getVerificationStatus().getCoding().stream()
                .noneMatch(v -> "refuted".equals(v.getCode()) || "entered-in-error".equals(v.getCode()));
    }

    static boolean isBreastCancer(Condition c) {
        return R.means(c.getCode(), Fact.BREAST_CANCER);
    }

    /** A secondary (distant) cancer by its code, or by the mCODE profile it claims whatever its code. */
    static boolean isSecondaryCancer(Condition c) {
        return R.means(c.getCode(), Fact.METASTATIC_DISEASE)
                || c.getMeta().getProfile().stream()
                        .anyMatch(p -> BiomarkerCodes.MCODE_SECONDARY_CANCER.equals(p.getValue()));
    }

    private static LocalDate onset(Condition c) {
        OffsetDateTime recorded = FhirFacts.recorded(c);
        return recorded == null ? null : recorded.toLocalDate();
    }

    /**
     * Highest stage group stated by a Condition.stage summary or a stage-group Observation: a stage IV code
     * (answer-facts ConceptMap), else the stage its text or display names ("AJCC stage IIB" -> 2).
     */
    private static Integer stageGroup(List<Condition> conditions, List<Observation> observations) {
        Stream<CodeableConcept> fromConditions = conditions.stream()
                .flatMap(c -> c.getStage().stream())
                .filter(s -> s.hasSummary())
                .map(s -> s.getSummary());
        Stream<CodeableConcept> fromObservations = observations.stream()
                .filter(o -> R.means(o.getCode(), Fact.STAGE_GROUP))
                .filter(Observation::hasValueCodeableConcept)
                .map(Observation::getValueCodeableConcept);
        return Stream.concat(fromConditions, fromObservations)
                .map(DiagnosisReader::stageNumber)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    private static Integer stageNumber(CodeableConcept concept) {
        if (R.means(concept, Fact.STAGE_IV)) {
            return 4;
        }
        return Stream.concat(
                        Stream.of(concept.getText()),
                        concept.getCoding().stream().map(Coding::getDisplay))
                .filter(Objects::nonNull)
                .map(STAGE::matcher)
                .filter(Matcher::find)
                .map(m -> STAGE_NUMBERS.get(m.group(1).toUpperCase()))
                .findFirst()
                .orElse(null);
    }

    private static boolean clinicalM1(List<Observation> observations) {
        return observations.stream()
                .filter(o -> R.means(o.getCode(), Fact.DISTANT_METASTASIS_CATEGORY))
                .filter(Observation::hasValueCodeableConcept)
                .map(o -> o.getValueCodeableConcept())
                .anyMatch(v -> R.means(v, Fact.M1)
                        || Stream.concat(
                                        Stream.of(v.getText()),
                                        v.getCoding().stream().map(Coding::getDisplay))
                                .filter(Objects::nonNull)
                                .anyMatch(text -> text.matches("(?i).*\\b[cp]?M1[a-c]?\\b.*")));
    }
}
