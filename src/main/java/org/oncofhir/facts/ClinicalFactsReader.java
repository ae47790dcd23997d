package org.oncofhir.facts;

import static org.oncofhir.codes.CodeSystems.LOINC;
import static org.oncofhir.codes.CodeSystems.SNOMED;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.therapy.ClinicalFacts;
import org.oncofhir.therapy.ClinicalFacts.Menopause;
import org.oncofhir.therapy.DraftOrder;
import org.oncofhir.therapy.DrugCatalogue;

/**
 * Reads a {@link PatientRecord} into {@link ClinicalFacts}, one named step per fact the rules use: biomarkers,
 * {@link #diagnosis} (breast cancer, metastatic disease and when it was found, stage), {@link #menopause},
 * {@link #lvef}, {@link #pregnancy}, {@link #neoadjuvantResponse}, and the prior and current therapy (normalised to
 * RxNorm ingredients). A new way of coding a fact belongs in its step.
 */
public final class ClinicalFactsReader {

    private static final Pattern STAGE = Pattern.compile("(?i)stage\\s*(IV|III|II|I|[1-4])");
    private static final Map<String, Integer> STAGE_NUMBERS =
            Map.of("I", 1, "II", 2, "III", 3, "IV", 4, "1", 1, "2", 2, "3", 3, "4", 4);
    private static final Map<String, Menopause> MENOPAUSE =
            Map.of("22636003", Menopause.PRE, "76498008", Menopause.POST, "261665006", Menopause.UNKNOWN);
    private static final Set<String> PREGNANT = Set.of(LOINC + "|LA15173-0", SNOMED + "|77386006");
    private static final Set<String> NOT_PREGNANT = Set.of(LOINC + "|LA26683-5");

    private final MedicationReader medications;

    public ClinicalFactsReader(DrugCatalogue drugs) {
        this.medications = new MedicationReader(drugs);
    }

    /** The setting the diagnosis Conditions and staging Observations describe. */
    private record Diagnosis(
            boolean breastCancer,
            boolean metastatic,
            boolean recurrenceRecorded,
            LocalDate recurrenceDate,
            Integer stageGroup) {}

    public ClinicalFacts read(PatientRecord record, LocalDate today) {
        List<Observation> observations = record.observations().stream()
                .filter(FhirFacts::counts)
                .sorted(Comparator.comparing(FhirFacts::effective, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed())
                .toList();
        List<Condition> conditions =
                record.conditions().stream().filter(ClinicalFactsReader::stands).toList();
        Diagnosis diagnosis = diagnosis(conditions, observations);
        return new ClinicalFacts(
                BiomarkerReader.read(record.observations()),
                diagnosis.breastCancer(),
                diagnosis.metastatic(),
                diagnosis.recurrenceRecorded(),
                diagnosis.recurrenceDate(),
                diagnosis.stageGroup(),
                menopause(observations),
                lvef(observations),
                pregnancy(observations),
                neoadjuvantResponse(observations),
                medications.priorTherapy(record),
                medications.currentTherapy(record),
                today);
    }

    /** Draft medication orders from an order-select/order-sign context, with their ingredients. */
    public List<DraftOrder> draftOrders(List<MedicationRequest> requests) {
        return medications.draftOrders(requests);
    }

    private static Diagnosis diagnosis(List<Condition> conditions, List<Observation> newestFirst) {
        boolean breastCancer = conditions.stream().anyMatch(ClinicalFactsReader::isBreastCancer);
        List<Condition> secondary = conditions.stream()
                .filter(ClinicalFactsReader::isSecondaryCancer)
                .toList();
        Integer stage = stageGroup(conditions, newestFirst);
        boolean metastatic = !secondary.isEmpty() || Objects.equals(stage, 4) || clinicalM1(newestFirst);
        LocalDate recurrence = secondary.stream()
                .map(ClinicalFactsReader::onset)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
        return new Diagnosis(breastCancer, metastatic, !secondary.isEmpty(), recurrence, stage);
    }

    private static Optional<BiomarkerResult<Menopause>> menopause(List<Observation> newestFirst) {
        return newest(
                newestFirst,
                o -> FhirFacts.hasCode(o.getCode(), SNOMED, Set.of(BiomarkerCodes.MENOPAUSE_STATUS)),
                o -> o.hasValueCodeableConcept()
                        ? o.getValueCodeableConcept().getCoding().stream()
                                .filter(c -> SNOMED.equals(c.getSystem()))
                                .map(c -> MENOPAUSE.get(c.getCode()))
                                .filter(Objects::nonNull)
                                .findFirst()
                                .orElse(null)
                        : null);
    }

    private static Optional<BiomarkerResult<Double>> lvef(List<Observation> newestFirst) {
        return newest(
                newestFirst,
                o -> FhirFacts.hasCode(o.getCode(), LOINC, Set.of(BiomarkerCodes.LVEF)),
                o -> o.hasValueQuantity() && o.getValueQuantity().hasValue()
                        ? o.getValueQuantity().getValue().doubleValue()
                        : null);
    }

    private static Optional<BiomarkerResult<Boolean>> pregnancy(List<Observation> newestFirst) {
        return newest(
                newestFirst,
                o -> FhirFacts.hasCode(o.getCode(), LOINC, Set.of(BiomarkerCodes.PREGNANCY_STATUS)),
                o -> o.hasValueCodeableConcept() ? answer(o.getValueCodeableConcept(), PREGNANT, NOT_PREGNANT) : null);
    }

    /** TRUE residual invasive disease after neoadjuvant therapy, FALSE pathologic complete response. */
    private static Optional<BiomarkerResult<Boolean>> neoadjuvantResponse(List<Observation> newestFirst) {
        return newest(
                newestFirst,
                o -> FhirFacts.hasCode(o.getCode(), BiomarkerCodes.TREATMENT_RESPONSE, Set.of("neoadjuvant-response")),
                o -> o.hasValueCodeableConcept()
                        ? answer(
                                o.getValueCodeableConcept(),
                                Set.of(BiomarkerCodes.TREATMENT_RESPONSE + "|residual-invasive-disease"),
                                Set.of(BiomarkerCodes.TREATMENT_RESPONSE + "|pathologic-complete-response"))
                        : null);
    }

    /** A Condition counts unless refuted or entered in error. */
    private static boolean stands(Condition c) {
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
                .map(ClinicalFactsReader::stageNumber)
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

    private static Boolean answer(CodeableConcept value, Set<String> yes, Set<String> no) {
        for (Coding c : value.getCoding()) {
            String key = c.getSystem() + "|" + c.getCode();
            if (yes.contains(key)) {
                return Boolean.TRUE;
            }
            if (no.contains(key)) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    private static <T> Optional<BiomarkerResult<T>> newest(
            List<Observation> newestFirst, Predicate<Observation> test, Function<Observation, T> reading) {
        return newestFirst.stream()
                .filter(test)
                .map(o -> FhirFacts.result(o, reading.apply(o)))
                .filter(r -> r.value() != null)
                .findFirst();
    }
}
