package org.oncofhir.facts;

import static org.oncofhir.codes.CodeSystems.LOINC;
import static org.oncofhir.facts.BiomarkerCodes.COMPONENT;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.Her2Ihc;
import org.oncofhir.biomarkers.Her2Ish;
import org.oncofhir.biomarkers.IhcScore;
import org.oncofhir.biomarkers.PatientBiomarkers;
import org.oncofhir.biomarkers.PdL1;

/**
 * Reads a patient's Observations into {@link PatientBiomarkers}: our profiles and plain LOINC-coded results from
 * other systems alike. Only final, amended and corrected results count; per marker the most recent one governs
 * (clinical-knowledge.md A4), and an earlier result that disagrees with it is reported as a discordance.
 */
public final class BiomarkerReader {

    /** Scoring methods we know; an unknown code leaves the score unread rather than failing the whole call. */
    private static final Set<String> SCORINGS = Set.of("CPS", "TPS", "IC");

    private BiomarkerReader() {}

    public static PatientBiomarkers read(List<Observation> observations) {
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
        List<String> discordances = new ArrayList<>();
        return new PatientBiomarkers(
                latest(counted, BiomarkerCodes.HER2_IHC, BiomarkerReader::her2Ihc, "HER2 IHC", discordances),
                latest(counted, BiomarkerCodes.HER2_ISH, BiomarkerReader::her2Ish, "HER2 ISH", discordances),
                latest(counted, BiomarkerCodes.ER, o -> receptor(o, BiomarkerCodes.ER_PERCENT), "ER", discordances),
                latest(counted, BiomarkerCodes.PR, o -> receptor(o, BiomarkerCodes.PR_PERCENT), "PR", discordances),
                latestPdL1(counted),
                List.copyOf(discordances),
                retracted(observations));
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
                .map(o -> result(o, marker(o)))
                .toList();
    }

    /** A result derived from, or grouping, a withdrawn one (an overall HER2 status from a withdrawn IHC). */
    private static boolean restsOn(Observation o, Set<String> withdrawn) {
        return Stream.concat(o.getDerivedFrom().stream(), o.getHasMember().stream())
                .map(r -> r.getReferenceElement().toUnqualifiedVersionless().getValue())
                .anyMatch(withdrawn::contains);
    }

    private static String marker(Observation o) {
        if (FhirFacts.hasCode(o.getCode(), LOINC, BiomarkerCodes.HER2_IHC)) {
            return "HER2 IHC";
        }
        if (FhirFacts.hasCode(o.getCode(), LOINC, BiomarkerCodes.HER2_ISH)) {
            return "HER2 ISH";
        }
        if (FhirFacts.hasCode(o.getCode(), LOINC, BiomarkerCodes.ER)) {
            return "ER";
        }
        if (FhirFacts.hasCode(o.getCode(), LOINC, BiomarkerCodes.PR)) {
            return "PR";
        }
        boolean pdL1 = FhirFacts.hasCode(o.getCode(), LOINC, BiomarkerCodes.PDL1_LOINC)
                || FhirFacts.hasCode(o.getCode(), BiomarkerCodes.BIOMARKER_TEST, BiomarkerCodes.PDL1_LOCAL);
        return pdL1 ? "PD-L1" : null;
    }

    /** Newest result of the marker; earlier results whose reading differs are recorded as discordant. */
    private static <T> Optional<BiomarkerResult<T>> latest(
            List<Observation> newestFirst,
            Set<String> codes,
            Function<Observation, T> reading,
            String marker,
            List<String> discordances) {
        List<BiomarkerResult<T>> results = newestFirst.stream()
                .filter(o -> FhirFacts.hasCode(o.getCode(), LOINC, codes))
                .map(o -> result(o, reading.apply(o)))
                .filter(r -> r.value() != null)
                .toList();
        if (results.isEmpty()) {
            return Optional.empty();
        }
        BiomarkerResult<T> governing = results.get(0);
        results.stream()
                .skip(1)
                .filter(r -> !Objects.equals(r.value(), governing.value()))
                .forEach(r -> discordances.add(marker + " discordant: " + governing.citation() + " differs from "
                        + r.citation() + "; the most recent result is used."));
        return Optional.of(governing);
    }

    private static Optional<BiomarkerResult<PdL1>> latestPdL1(List<Observation> newestFirst) {
        return newestFirst.stream()
                .filter(o -> FhirFacts.hasCode(o.getCode(), LOINC, BiomarkerCodes.PDL1_LOINC)
                        || FhirFacts.hasCode(o.getCode(), BiomarkerCodes.BIOMARKER_TEST, BiomarkerCodes.PDL1_LOCAL))
                .map(o -> result(o, pdL1(o)))
                .findFirst();
    }

    private static <T> BiomarkerResult<T> result(Observation o, T value) {
        return FhirFacts.result(o, value);
    }

    private static Her2Ihc her2Ihc(Observation o) {
        Double percent = componentQuantity(o, COMPONENT, Set.of(BiomarkerCodes.STAINED_PERCENT));
        IhcScore score = ihcScore(o.getValueCodeableConcept());
        if (score != null) {
            return Her2Ihc.scored(score, percent);
        }
        Boolean positive = FhirFacts.positive(o.getValueCodeableConcept());
        if (positive == null
                && FhirFacts.hasCode(o.getValueCodeableConcept(), BiomarkerCodes.HER2_STATUS, Set.of("positive"))) {
            positive = Boolean.TRUE;
        } else if (positive == null
                && FhirFacts.hasCode(
                        o.getValueCodeableConcept(), BiomarkerCodes.HER2_STATUS, Set.of("low", "ultralow", "zero"))) {
            // The overall status names the category but not the IHC score: read conservatively as negative-unscored.
            positive = Boolean.FALSE;
        }
        return positive == null ? null : Her2Ihc.positiveNegativeOnly(positive);
    }

    private static Her2Ish her2Ish(Observation o) {
        Double ratio = componentQuantity(o, LOINC, Set.of(BiomarkerCodes.ISH_RATIO));
        Double copies = componentQuantity(o, LOINC, Set.of(BiomarkerCodes.ISH_HER2_COPIES));
        Boolean amplified = o.hasValueCodeableConcept() ? FhirFacts.positive(o.getValueCodeableConcept()) : null;
        return new Her2Ish(ratio, copies, amplified);
    }

    private static PatientBiomarkers.ReceptorReading receptor(Observation o, Set<String> percentCodes) {
        Double percent = componentQuantity(o, LOINC, percentCodes);
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

    private static PdL1 pdL1(Observation o) {
        PdL1.Assay assay = null;
        for (Coding c : o.getMethod().getCoding()) {
            if (BiomarkerCodes.PDL1_ASSAY.equals(c.getSystem())) {
                assay = switch (c.getCode()) {
                    case "22C3" -> PdL1.Assay.CLONE_22C3;
                    case "SP142" -> PdL1.Assay.SP142;
                    case "SP263" -> PdL1.Assay.SP263;
                    case "28-8" -> PdL1.Assay.CLONE_28_8;
                    default -> null;
                };
            }
        }
        if (assay == null && FhirFacts.hasCode(o.getCode(), LOINC, Set.of("83052-1"))) {
            assay = PdL1.Assay.CLONE_22C3;
        } else if (assay == null && FhirFacts.hasCode(o.getCode(), LOINC, Set.of("83057-0"))) {
            assay = PdL1.Assay.SP142;
        }
        for (Observation.ObservationComponentComponent component : o.getComponent()) {
            for (Coding c : component.getCode().getCoding()) {
                if (BiomarkerCodes.PDL1_SCORING.equals(c.getSystem())
                        && component.hasValueQuantity()
                        && SCORINGS.contains(c.getCode())) {
                    PdL1.Scoring scoring = PdL1.Scoring.valueOf(c.getCode());
                    return new PdL1(
                            assay,
                            scoring,
                            component.getValueQuantity().getValue().doubleValue());
                }
            }
        }
        return new PdL1(assay, null, null);
    }

    private static IhcScore ihcScore(CodeableConcept value) {
        for (Coding c : value.getCoding()) {
            if (LOINC.equals(c.getSystem())) {
                switch (c.getCode()) {
                    case "LA6111-4":
                        return IhcScore.ZERO;
                    case "LA11841-6":
                        return IhcScore.ONE_PLUS;
                    case "LA11842-4":
                        return IhcScore.TWO_PLUS;
                    case "LA11843-2":
                        return IhcScore.THREE_PLUS;
                    case "LA11884-6":
                        return IhcScore.INDETERMINATE;
                    default:
                        break;
                }
            }
        }
        return null;
    }

    private static Double componentQuantity(Observation o, String system, Set<String> codes) {
        return o.getComponent().stream()
                .filter(c -> FhirFacts.hasCode(c.getCode(), system, codes) && c.hasValueQuantity())
                .map(c -> c.getValueQuantity())
                .filter(Quantity::hasValue)
                .map(q -> q.getValue().doubleValue())
                .findFirst()
                .orElse(null);
    }
}
