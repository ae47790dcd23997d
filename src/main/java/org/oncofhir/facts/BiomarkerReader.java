package org.oncofhir.facts;

import static org.oncofhir.codes.CodeSystems.LOINC;
import static org.oncofhir.facts.BiomarkerCodes.COMPONENT;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.Her2Ihc;
import org.oncofhir.biomarkers.Her2Ish;
import org.oncofhir.biomarkers.IhcScore;
import org.oncofhir.biomarkers.PatientBiomarkers;
import org.oncofhir.biomarkers.PdL1;

/**
 * Reads a patient's Observations into {@link PatientBiomarkers}: our profiles and results coded any way the
 * recognition ConceptMaps know. Only final, amended and corrected results count; per marker the most recent one
 * governs (clinical-knowledge.md A4), and an earlier result that disagrees with it is reported as a discordance. A
 * result whose value cannot be read is named in {@code notUnderstood}, never dropped silently.
 */
final class BiomarkerReader {

    private static final Recognition R = Recognition.standard();
    private static final Map<Fact, String> MARKERS = Map.of(
            Fact.HER2_IHC, "HER2 IHC", Fact.HER2_ISH, "HER2 ISH", Fact.ER, "ER", Fact.PR, "PR", Fact.PDL1, "PD-L1");
    private static final Map<Fact, IhcScore> IHC_SCORES = Map.of(
            Fact.IHC_0, IhcScore.ZERO,
            Fact.IHC_1PLUS, IhcScore.ONE_PLUS,
            Fact.IHC_2PLUS, IhcScore.TWO_PLUS,
            Fact.IHC_3PLUS, IhcScore.THREE_PLUS,
            Fact.IHC_INDETERMINATE, IhcScore.INDETERMINATE);
    /** CPS first: the score the one breast-cancer cut-off in current labels is stated in (KEYNOTE-355). */
    private static final Map<Fact, PdL1.Scoring> PDL1_SCORES = orderedScorings();

    private static final Map<String, PdL1.Assay> ASSAYS = Map.of(
            "22C3", PdL1.Assay.CLONE_22C3,
            "SP142", PdL1.Assay.SP142,
            "SP263", PdL1.Assay.SP263,
            "28-8", PdL1.Assay.CLONE_28_8);
    /** The assay a LOINC PD-L1 code names in its own name (clinical-knowledge.md §1c; observation-facts ConceptMap). */
    private static final Map<String, PdL1.Assay> ASSAY_BY_LOINC = Map.of(
            "83052-1", PdL1.Assay.CLONE_22C3,
            "85147-7", PdL1.Assay.CLONE_22C3,
            "83057-0", PdL1.Assay.SP142,
            "85149-3", PdL1.Assay.SP142,
            "83055-4", PdL1.Assay.CLONE_28_8,
            "85148-5", PdL1.Assay.CLONE_28_8);

    private BiomarkerReader() {}

    private static Map<Fact, PdL1.Scoring> orderedScorings() {
        Map<Fact, PdL1.Scoring> scorings = new LinkedHashMap<>();
        scorings.put(Fact.PDL1_CPS, PdL1.Scoring.CPS);
        scorings.put(Fact.PDL1_TPS, PdL1.Scoring.TPS);
        scorings.put(Fact.PDL1_IC, PdL1.Scoring.IC);
        return Collections.unmodifiableMap(scorings);
    }

    static PatientBiomarkers read(List<Observation> observations, List<String> notUnderstood) {
        Set<String> withdrawn = observations.stream()
                .filter(FhirFacts::withdrawn)
                .filter(o -> o.getIdElement().hasIdPart())
                .map(o -> "Observation/" + o.getIdElement().getIdPart())
                .collect(Collectors.toSet());
        List<Observation> counted = observations.stream()
                .filter(FhirFacts::counts)
                .filter(o -> !restsOn(o, withdrawn))
                .sorted(Comparator.comparing(FhirFacts::effective, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed())
                .toList();
        Reading reading = new Reading(counted, notUnderstood);
        List<Read<Her2Ihc>> ihc =
                reading.readAll(resultsOf(counted, Fact.HER2_IHC, null), Fact.HER2_IHC, reading::her2Ihc);
        List<Read<Her2Ish>> ish = reading.readAll(
                resultsOf(counted, Fact.HER2_ISH, Fact.HER2_ISH_RATIO), Fact.HER2_ISH, reading::her2Ish);
        // IHC and ISH are read together from one specimen: the one the newest HER2 result was tested on.
        Observation specimen = Stream.concat(ihc.stream().limit(1), ish.stream().limit(1))
                .map(Read::observation)
                .max(Comparator.comparing(FhirFacts::effective, Comparator.nullsFirst(Comparator.naturalOrder())))
                .orElse(null);
        Predicate<Observation> onSpecimen =
                o -> specimen == null || o == specimen || ResultParts.belongsTo(o, specimen);
        return new PatientBiomarkers(
                reading.governing(ihc, Fact.HER2_IHC, onSpecimen, specimen),
                reading.governing(ish, Fact.HER2_ISH, onSpecimen, specimen),
                reading.latest(
                        resultsOf(counted, Fact.ER, Fact.ER_PERCENT),
                        Fact.ER,
                        o -> reading.receptor(o, Fact.ER, Fact.ER_PERCENT)),
                reading.latest(
                        resultsOf(counted, Fact.PR, Fact.PR_PERCENT),
                        Fact.PR,
                        o -> reading.receptor(o, Fact.PR, Fact.PR_PERCENT)),
                reading.pdL1(counted),
                List.copyOf(reading.discordances),
                retracted(observations));
    }

    /**
     * The Observations that carry a marker's result, newest first: those coded as the result, and those coded only
     * as its numeric part (an ER percent, an ISH ratio) that belong to no such result.
     */
    private static List<Observation> resultsOf(List<Observation> newestFirst, Fact result, Fact part) {
        List<Observation> results =
                newestFirst.stream().filter(o -> R.means(o.getCode(), result)).toList();
        if (part == null) {
            return results;
        }
        Set<Observation> parts = ResultParts.partsOf(results, part, newestFirst);
        return newestFirst.stream()
                .filter(o -> results.contains(o) || R.means(o.getCode(), part) && !parts.contains(o))
                .toList();
    }

    /**
     * Withdrawn results of a biomarker that had a value (a test cancelled before it gave one never informed a
     * decision), named by their marker.
     */
    private static List<BiomarkerResult<String>> retracted(List<Observation> observations) {
        return observations.stream()
                .filter(FhirFacts::withdrawn)
                .filter(Observation::hasValue)
                .filter(o -> marker(o) != null)
                .map(o -> FhirFacts.result(o, marker(o)))
                .toList();
    }

    /** A result derived from, or grouping, a withdrawn one (an overall HER2 status from a withdrawn IHC). */
    private static boolean restsOn(Observation o, Set<String> withdrawn) {
        return Stream.concat(o.getDerivedFrom().stream(), o.getHasMember().stream())
                .map(r -> r.getReferenceElement().toUnqualifiedVersionless().getValue())
                .anyMatch(withdrawn::contains);
    }

    private static String marker(Observation o) {
        return MARKERS.entrySet().stream()
                .filter(e -> R.means(o.getCode(), e.getKey()))
                .map(Map.Entry::getValue)
                .sorted()
                .findFirst()
                .orElse(null);
    }

    /** A result and the Observation it was read from. */
    private record Read<T>(Observation observation, BiomarkerResult<T> result) {}

    /** One pass over a patient's counted results, collecting discordances and what could not be read. */
    private static final class Reading {

        private final List<Observation> counted;
        private final List<String> notUnderstood;
        private final List<String> discordances = new ArrayList<>();

        Reading(List<Observation> counted, List<String> notUnderstood) {
            this.counted = counted;
            this.notUnderstood = notUnderstood;
        }

        /** Newest result of the marker; earlier results whose reading differs are recorded as discordant. */
        <T> Optional<BiomarkerResult<T>> latest(
                List<Observation> newestFirst, Fact marker, Function<Observation, T> read) {
            return governing(readAll(newestFirst, marker, read), marker, o -> true, null);
        }

        /** The results of the marker whose value can be read, newest first; the others are named as not understood. */
        <T> List<Read<T>> readAll(List<Observation> newestFirst, Fact marker, Function<Observation, T> read) {
            return newestFirst.stream()
                    .map(o -> new Read<>(o, FhirFacts.result(o, readOrReport(o, marker, read))))
                    .filter(r -> r.result().value() != null)
                    .toList();
        }

        /**
         * The newest result that {@code governs} (is from the governing specimen); earlier results whose reading
         * differs are recorded as discordant, and results only from another specimen are named as not combined.
         */
        <T> Optional<BiomarkerResult<T>> governing(
                List<Read<T>> results, Fact marker, Predicate<Observation> governs, Observation specimen) {
            BiomarkerResult<T> governing = results.stream()
                    .filter(r -> governs.test(r.observation()))
                    .map(Read::result)
                    .findFirst()
                    .orElse(null);
            if (governing == null) {
                results.stream()
                        .findFirst()
                        .ifPresent(r -> discordances.add(MARKERS.get(marker) + " on record only from another specimen: "
                                + r.result().citation() + " is not combined with the newest HER2 result, "
                                + FhirFacts.result(specimen, null).citation()
                                + ", which governs. Test this marker on that specimen."));
                return Optional.empty();
            }
            results.stream()
                    .map(Read::result)
                    .filter(r -> r != governing && !Objects.equals(r.value(), governing.value()))
                    .forEach(r -> discordances.add(MARKERS.get(marker) + " discordant: " + governing.citation()
                            + " differs from " + r.citation() + "; the most recent result is used."));
            return Optional.of(governing);
        }

        private <T> T readOrReport(Observation o, Fact marker, Function<Observation, T> read) {
            T value = read.apply(o);
            if (value == null && o.hasValue()) {
                notUnderstood.add(MARKERS.get(marker) + " result "
                        + FhirFacts.result(o, null).citation()
                        + ": its value is not one OncoFHIR can read, so the result was not used.");
            }
            return value;
        }

        Her2Ihc her2Ihc(Observation o) {
            if (!o.hasValueCodeableConcept()) {
                return null;
            }
            Double percent = o.getComponent().stream()
                    .filter(c -> FhirFacts.hasCode(c.getCode(), COMPONENT, Set.of(BiomarkerCodes.STAINED_PERCENT)))
                    .map(c -> ResultParts.number(c.getValue()))
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            Fact score = R.firstOf(o.getValueCodeableConcept(), List.copyOf(IHC_SCORES.keySet()));
            if (score != null) {
                return Her2Ihc.scored(IHC_SCORES.get(score), percent);
            }
            Boolean positive = FhirFacts.positive(o.getValueCodeableConcept());
            if (positive == null
                    && FhirFacts.hasCode(o.getValueCodeableConcept(), BiomarkerCodes.HER2_STATUS, Set.of("positive"))) {
                positive = Boolean.TRUE;
            } else if (positive == null
                    && FhirFacts.hasCode(
                            o.getValueCodeableConcept(),
                            BiomarkerCodes.HER2_STATUS,
                            Set.of("low", "ultralow", "zero"))) {
                // The overall status names the category but not the IHC score: read conservatively as
                // negative-unscored.
                positive = Boolean.FALSE;
            }
            return positive == null ? null : Her2Ihc.positiveNegativeOnly(positive);
        }

        Her2Ish her2Ish(Observation o) {
            boolean ratioAlone = !R.means(o.getCode(), Fact.HER2_ISH);
            Double ratio = ratioAlone ? ResultParts.number(o.getValue()) : part(o, Fact.HER2_ISH_RATIO);
            Double copies = part(o, Fact.HER2_ISH_COPIES);
            Boolean amplified = o.hasValueCodeableConcept() ? FhirFacts.positive(o.getValueCodeableConcept()) : null;
            return ratio == null && copies == null && amplified == null ? null : new Her2Ish(ratio, copies, amplified);
        }

        PatientBiomarkers.ReceptorReading receptor(Observation o, Fact status, Fact percentPart) {
            if (!R.means(o.getCode(), status)) {
                Double percent = ResultParts.number(o.getValue());
                return percent == null ? null : new PatientBiomarkers.ReceptorReading(percent, null, false);
            }
            Double percent = part(o, percentPart);
            boolean lowPositive = o.hasValueCodeableConcept()
                    && FhirFacts.hasCode(
                            o.getValueCodeableConcept(), BiomarkerCodes.BIOMARKER_RESULT, Set.of("low-positive"));
            Boolean positive = lowPositive
                    ? Boolean.TRUE
                    : o.hasValueCodeableConcept() ? FhirFacts.positive(o.getValueCodeableConcept()) : null;
            if (percent == null && positive == null) {
                return null;
            }
            return new PatientBiomarkers.ReceptorReading(percent, positive, lowPositive);
        }

        /**
         * The newest PD-L1 result: a PD-L1 Observation with its score (component or an Observation of its own), or
         * a score Observation alone, its assay from its method.
         */
        Optional<BiomarkerResult<PdL1>> pdL1(List<Observation> newestFirst) {
            List<Observation> results = newestFirst.stream()
                    .filter(o -> R.means(o.getCode(), Fact.PDL1))
                    .toList();
            Set<Observation> parts = PDL1_SCORES.keySet().stream()
                    .flatMap(f -> ResultParts.partsOf(results, f, newestFirst).stream())
                    .collect(Collectors.toSet());
            return newestFirst.stream()
                    .filter(o -> results.contains(o)
                            || !parts.contains(o)
                                    && PDL1_SCORES.keySet().stream().anyMatch(f -> R.means(o.getCode(), f)))
                    .map(o -> FhirFacts.result(o, pdL1(o)))
                    .findFirst();
        }

        private PdL1 pdL1(Observation o) {
            PdL1.Assay assay = o.getMethod().getCoding().stream()
                    .filter(c -> BiomarkerCodes.PDL1_ASSAY.equals(c.getSystem()))
                    .map(c -> ASSAYS.get(c.getCode()))
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElseGet(() -> o.getCode().getCoding().stream()
                            .filter(c -> LOINC.equals(c.getSystem()))
                            .map(Coding::getCode)
                            .map(ASSAY_BY_LOINC::get)
                            .filter(Objects::nonNull)
                            .findFirst()
                            .orElse(null));
            for (Map.Entry<Fact, PdL1.Scoring> scoring : PDL1_SCORES.entrySet()) {
                Double score = R.means(o.getCode(), scoring.getKey())
                        ? ResultParts.number(o.getValue())
                        : part(o, scoring.getKey());
                if (score != null) {
                    return new PdL1(assay, scoring.getValue(), score);
                }
            }
            return new PdL1(assay, null, null);
        }

        private Double part(Observation result, Fact part) {
            return ResultParts.number(result, part, counted);
        }
    }
}
