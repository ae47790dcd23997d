package org.oncofhir.therapy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.PatientBiomarkers;

/**
 * What the rules know about one patient: governing biomarker results and the clinical setting.
 *
 * @param sex the patient's administrative gender as recorded (UNKNOWN when the Patient gives none)
 * @param breastCancer a breast-cancer Condition (SNOMED 254837009 or a descendant we recognise) is on record
 * @param diagnosisDate when breast cancer was diagnosed (the earliest onset); null when not recorded
 * @param metastatic recurrent/metastatic disease is recorded (secondary-cancer Condition, stage IV, cM1)
 * @param recurrenceRecorded a recurrence / secondary-cancer Condition is on record (not only a stage IV at diagnosis)
 * @param recurrenceDate when it was found; null when not recorded
 * @param stageGroup the AJCC stage group number 1-4, or null when no stage is recorded
 * @param neoadjuvantResidualDisease TRUE residual invasive disease, FALSE pathologic complete response, empty if
 *     no post-neoadjuvant pathology is recorded
 * @param medicationHistory RxNorm ingredient codes of prior and current therapy (requests, statements, administrations)
 * @param currentMedications RxNorm ingredient codes of therapy still active (active/on-hold requests, active statements)
 * @param exposures every prior or current therapy with its dates: the timeline the line-of-therapy rules read
 * @param notUnderstood parts of the record that look relevant but could not be read, each named, so a card can say
 *     so instead of deciding as if they were absent
 * @param today the date the rules judge staleness against
 */
public record ClinicalFacts(
        Sex sex,
        PatientBiomarkers biomarkers,
        boolean breastCancer,
        LocalDate diagnosisDate,
        boolean metastatic,
        boolean recurrenceRecorded,
        LocalDate recurrenceDate,
        Integer stageGroup,
        Optional<BiomarkerResult<Menopause>> menopause,
        Optional<BiomarkerResult<Double>> lvefPercent,
        Optional<BiomarkerResult<Boolean>> pregnant,
        Optional<BiomarkerResult<Boolean>> neoadjuvantResidualDisease,
        Set<String> medicationHistory,
        Set<String> currentMedications,
        List<Exposure> exposures,
        List<String> notUnderstood,
        LocalDate today) {

    public enum Sex {
        FEMALE,
        MALE,
        OTHER,
        UNKNOWN
    }

    public enum Menopause {
        PRE,
        POST,
        UNKNOWN
    }

    /** Menopausal status as recorded, UNKNOWN when nothing is recorded. */
    public Menopause menopausalStatus() {
        return menopause.map(BiomarkerResult::value).orElse(Menopause.UNKNOWN);
    }

    /**
     * Whether pregnancy must be ruled out before embryo-fetal toxic therapy: not male, not postmenopausal (the
     * labels name "females of reproductive potential" without defining them; menopause is the usual boundary).
     */
    public boolean ofReproductivePotential() {
        return sex != Sex.MALE && menopausalStatus() != Menopause.POST;
    }

    /** A chemotherapy drug or procedure is in the history (a procedure may name no agent). */
    public boolean chemotherapyOnRecord() {
        return exposures.stream().anyMatch(Exposure::chemotherapy);
    }

    public boolean received(Set<String> ingredients) {
        return medicationHistory.stream().anyMatch(ingredients::contains);
    }

    /** On one of these now (ovarian suppression counts only while it lasts). */
    public boolean currentlyOn(Set<String> ingredients) {
        return currentMedications.stream().anyMatch(ingredients::contains);
    }
}
