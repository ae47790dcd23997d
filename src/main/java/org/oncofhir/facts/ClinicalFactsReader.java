package org.oncofhir.facts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.PatientBiomarkers;
import org.oncofhir.therapy.ClinicalFacts;
import org.oncofhir.therapy.ClinicalFacts.Menopause;
import org.oncofhir.therapy.DraftOrder;
import org.oncofhir.therapy.DrugCatalogue;
import org.oncofhir.therapy.Exposure;

/**
 * Reads a {@link PatientRecord} into {@link ClinicalFacts}, one named step per fact the rules use: biomarkers,
 * diagnosis ({@link DiagnosisReader}: breast cancer, metastatic disease and when it was found, stage), {@link #menopause},
 * {@link #lvef}, {@link #pregnancy}, {@link #neoadjuvantResponse}, and the prior and current therapy (normalised to
 * RxNorm ingredients). Which coding means which fact is data ({@link Recognition}); what a step could not read is
 * collected ({@link Unrecognised}) for the cards to name.
 */
public final class ClinicalFactsReader {

    private static final Recognition R = Recognition.standard();
    private static final Map<Fact, Menopause> MENOPAUSE = Map.of(
            Fact.PREMENOPAUSAL, Menopause.PRE,
            Fact.POSTMENOPAUSAL, Menopause.POST,
            Fact.MENOPAUSAL_STATUS_UNKNOWN, Menopause.UNKNOWN);

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
        List<String> notUnderstood = new ArrayList<>();
        PatientBiomarkers biomarkers = BiomarkerReader.read(record.observations(), notUnderstood);
        notUnderstood.addAll(Unrecognised.in(record, medications));
        notUnderstood.addAll(record.unavailable());
        DiagnosisReader.Diagnosis diagnosis = DiagnosisReader.diagnosis(conditions, observations);
        List<Exposure> exposures = medications.exposures(record);
        return new ClinicalFacts(
                sex(record.patient()),
                biomarkers,
                diagnosis.breastCancer(),
                diagnosis.diagnosisDate(),
                diagnosis.metastatic(),
                diagnosis.recurrenceRecorded(),
                diagnosis.recurrenceDate(),
                diagnosis.stageGroup(),
                menopause(observations),
                lvef(observations),
                pregnancy(observations, conditions),
                neoadjuvantResponse(observations),
                MedicationReader.ingredientsOf(exposures),
                medications.currentTherapy(record),
                exposures,
                List.copyOf(notUnderstood),
                today);
    }

    private static ClinicalFacts.Sex sex(Patient patient) {
        if (patient == null || !patient.hasGender()) {
            return ClinicalFacts.Sex.UNKNOWN;
        }
        return switch (patient.getGender()) {
            case FEMALE -> ClinicalFacts.Sex.FEMALE;
            case MALE -> ClinicalFacts.Sex.MALE;
            case OTHER -> ClinicalFacts.Sex.OTHER;
            default -> ClinicalFacts.Sex.UNKNOWN;
        };
    }

    /** Draft medication orders from an order-select/order-sign context, with their ingredients. */
    public List<DraftOrder> draftOrders(List<MedicationRequest> requests) {
        return medications.draftOrders(requests);
    }

    private static Optional<BiomarkerResult<Menopause>> menopause(List<Observation> newestFirst) {
        return newest(
                newestFirst,
                Fact.MENOPAUSAL_STATUS,
                o -> o.hasValueCodeableConcept()
                        ? MENOPAUSE.get(R.firstOf(o.getValueCodeableConcept(), List.copyOf(MENOPAUSE.keySet())))
                        : null);
    }

    private static Optional<BiomarkerResult<Double>> lvef(List<Observation> newestFirst) {
        return newest(newestFirst, Fact.LVEF, o -> ResultParts.number(o.getValue()));
    }

    /**
     * The newest word on pregnancy: a pregnancy-status Observation, or a pregnancy Condition still active (a
     * resolved one says nothing about now).
     */
    private static Optional<BiomarkerResult<Boolean>> pregnancy(
            List<Observation> newestFirst, List<Condition> conditions) {
        Stream<BiomarkerResult<Boolean>> observed = newestFirst.stream()
                .filter(o -> R.means(o.getCode(), Fact.PREGNANCY_STATUS))
                .filter(Observation::hasValueCodeableConcept)
                .map(o -> FhirFacts.result(
                        o, FhirFacts.yesNo(o.getValueCodeableConcept(), Fact.PREGNANT, Fact.NOT_PREGNANT)))
                .filter(r -> r.value() != null);
        Stream<BiomarkerResult<Boolean>> recorded = conditions.stream()
                .filter(c -> R.means(c.getCode(), Fact.PREGNANT))
                .filter(ClinicalFactsReader::active)
                .map(c -> new BiomarkerResult<>(
                        Boolean.TRUE,
                        c.getIdElement().hasIdPart()
                                ? "Condition/" + c.getIdElement().getIdPart()
                                : null,
                        "Condition " + FhirFacts.codeText(c.getCode()),
                        "active",
                        FhirFacts.recorded(c)));
        return Stream.concat(observed, recorded)
                .max(Comparator.comparing(
                        BiomarkerResult::effective, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    /** TRUE residual invasive disease after neoadjuvant therapy, FALSE pathologic complete response. */
    private static Optional<BiomarkerResult<Boolean>> neoadjuvantResponse(List<Observation> newestFirst) {
        return newest(
                newestFirst,
                Fact.NEOADJUVANT_RESPONSE,
                o -> o.hasValueCodeableConcept()
                        ? FhirFacts.yesNo(
                                o.getValueCodeableConcept(),
                                Fact.RESIDUAL_INVASIVE_DISEASE,
                                Fact.PATHOLOGIC_COMPLETE_RESPONSE)
                        : null);
    }

    private static boolean active(Condition c) {
        return !c.hasClinicalStatus()
                || c.getClinicalStatus().getCoding().stream()
                        .anyMatch(s -> "active".equals(s.getCode())
                                || "recurrence".equals(s.getCode())
                                || "relapse".equals(s.getCode()));
    }

    private static <T> Optional<BiomarkerResult<T>> newest(
            List<Observation> newestFirst, Fact fact, Function<Observation, T> reading) {
        return newestFirst.stream()
                .filter(o -> R.means(o.getCode(), fact))
                .map(o -> FhirFacts.result(o, reading.apply(o)))
                .filter(r -> r.value() != null)
                .findFirst();
    }
}
