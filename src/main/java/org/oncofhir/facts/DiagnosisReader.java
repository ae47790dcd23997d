package org.oncofhir.facts;

import static org.oncofhir.codes.CodeSystems.LOINC;
import static org.oncofhir.codes.CodeSystems.SNOMED;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

    private DiagnosisReader() {}

    /** The setting the diagnosis Conditions and staging Observations describe. */
    record Diagnosis(
            boolean breastCancer,
            boolean metastatic,
            boolean recurrenceRecorded,
            LocalDate recurrenceDate,
            Integer stageGroup) {}

    static Diagnosis diagnosis(List<Condition> conditions, List<Observation> newestFirst) {
        boolean breastCancer = conditions.stream().anyMatch(DiagnosisReader::isBreastCancer);
        List<Condition> secondary =
                conditions.stream().filter(DiagnosisReader::isSecondaryCancer).toList();
        Integer stage = stageGroup(conditions, newestFirst);
        boolean metastatic = !secondary.isEmpty() || Objects.equals(stage, 4) || clinicalM1(newestFirst);
        LocalDate recurrence = secondary.stream()
                .map(DiagnosisReader::onset)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
        return new Diagnosis(breastCancer, metastatic, !secondary.isEmpty(), recurrence, stage);
    }

    /** A Condition counts unless refuted or entered in error. */
    static boolean stands(Condition c) {
        return c.getVerificationStatus().getCoding().stream()
                .noneMatch(v -> "refuted".equals(v.getCode()) || "entered-in-error".equals(v.getCode()));
    }

    private static boolean isBreastCancer(Condition c) {
        return FhirFacts.hasCode(c.getCode(), SNOMED, BiomarkerCodes.BREAST_CANCER);
    }

    private static boolean isSecondaryCancer(Condition c) {
        return c.getMeta().getProfile().stream()
                .anyMatch(p -> BiomarkerCodes.MCODE_SECONDARY_CANCER.equals(p.getValue()));
    }

    private static LocalDate onset(Condition c) {
        if (c.hasOnsetDateTimeType()) {
            return c.getOnsetDateTimeType()
                    .getValue()
                    .toInstant()
                    .atZone(ZoneOffset.UTC)
                    .toLocalDate();
        }
        return c.hasRecordedDate()
                ? c.getRecordedDate().toInstant().atZone(ZoneOffset.UTC).toLocalDate()
                : null;
    }

    /** Highest stage group stated by a Condition.stage summary or a stage-group Observation ("AJCC stage IIB" -> 2). */
    private static Integer stageGroup(List<Condition> conditions, List<Observation> observations) {
        Stream<CodeableConcept> fromConditions = conditions.stream()
                .flatMap(c -> c.getStage().stream())
                .filter(s -> s.hasSummary())
                .map(s -> s.getSummary());
        Stream<CodeableConcept> fromObservations = observations.stream()
                .filter(o -> FhirFacts.hasCode(o.getCode(), SNOMED, Set.of(BiomarkerCodes.STAGE_GROUP_SNOMED))
                        || FhirFacts.hasCode(o.getCode(), LOINC, Set.of(BiomarkerCodes.STAGE_GROUP_LOINC)))
                .filter(Observation::hasValueCodeableConcept)
                .map(Observation::getValueCodeableConcept);
        return Stream.concat(fromConditions, fromObservations)
                .map(DiagnosisReader::stageNumber)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    private static Integer stageNumber(CodeableConcept concept) {
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
                .filter(o -> FhirFacts.hasCode(o.getCode(), SNOMED, Set.of(BiomarkerCodes.CLINICAL_M_SNOMED)))
                .filter(Observation::hasValueCodeableConcept)
                .map(o -> o.getValueCodeableConcept())
                .flatMap(v -> Stream.concat(
                        Stream.of(v.getText()), v.getCoding().stream().map(Coding::getDisplay)))
                .filter(Objects::nonNull)
                .anyMatch(text -> text.matches("(?i).*\\bc?M1[a-c]?\\b.*"));
    }
}
