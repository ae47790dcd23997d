package org.oncofhir.biomarkers;

import java.util.List;
import java.util.Optional;

/**
 * A patient's governing biomarker results: per marker, the most recent final/amended/corrected result, and the
 * discordances found between that result and earlier ones.
 *
 * @param discordances plain-language statements of disagreement between results of one marker
 * @param retracted results the laboratory withdrew (entered in error, cancelled), each named by its marker
 *     ({@code HER2 IHC}, {@code HER2 ISH}, {@code ER}, {@code PR}, {@code PD-L1}): never used, but said
 */
public record PatientBiomarkers(
        Optional<BiomarkerResult<Her2Ihc>> her2Ihc,
        Optional<BiomarkerResult<Her2Ish>> her2Ish,
        Optional<BiomarkerResult<ReceptorReading>> estrogenReceptor,
        Optional<BiomarkerResult<ReceptorReading>> progesteroneReceptor,
        Optional<BiomarkerResult<PdL1>> pdL1,
        List<String> discordances,
        List<BiomarkerResult<String>> retracted) {

    /** An ER or PR result: percent of nuclei staining (null when not reported) and the reported result. */
    public record ReceptorReading(Double percent, Boolean reportedPositive, boolean reportedLowPositive) {}
}
