package org.oncofhir.facts;

import static org.oncofhir.codes.CodeSystems.LOINC;
import static org.oncofhir.codes.CodeSystems.SNOMED;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
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
 * diagnosis ({@link DiagnosisReader}: breast cancer, metastatic disease and when it was found, stage), {@link #menopause},
 * {@link #lvef}, {@link #pregnancy}, {@link #neoadjuvantResponse}, and the prior and current therapy (normalised to
 * RxNorm ingredients). A new way of coding a fact belongs in its step.
 */
public final class ClinicalFactsReader {

    private static final Map<String, Menopause> MENOPAUSE =
            Map.of("22636003", Menopause.PRE, "76498008", Menopause.POST, "261665006", Menopause.UNKNOWN);
    private static final Set<String> PREGNANT = Set.of(LOINC + "|LA15173-0", SNOMED + "|77386006");
    private static final Set<String> NOT_PREGNANT = Set.of(LOINC + "|LA26683-5");

    private final MedicationReader medications;

    public ClinicalFactsReader(DrugCatalogue drugs) {
        this.medications = new MedicationReader(drugs);
    }

    public ClinicalFacts read(PatientRecord record, LocalDate today) {
        List<Observation> observations = record.observations().stream()
                .filter(FhirFacts::counts)
                .sorted(Comparator.comparing(FhirFacts::effective, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed())
                .toList();
        List<Condition> conditions =
                record.conditions().stream().filter(DiagnosisReader::stands).toList();
        DiagnosisReader.Diagnosis diagnosis = DiagnosisReader.diagnosis(conditions, observations);
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
