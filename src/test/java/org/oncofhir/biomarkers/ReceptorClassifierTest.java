package org.oncofhir.biomarkers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

class ReceptorClassifierTest {

    @ParameterizedTest(name = "{4}")
    @CsvFileSource(resources = "/cases/receptor-status.csv")
    void classifies(
            String receptor, Double percent, Boolean reportedPositive, ReceptorStatus expected, String description) {
        ReceptorStatus status = "ER".equals(receptor)
                ? ReceptorClassifier.estrogen(percent, reportedPositive)
                : ReceptorClassifier.progesterone(percent, reportedPositive);
        assertThat(status).as(description).isEqualTo(expected);
    }

    @Test
    void tripleNegativeNeedsHer2NegativeAndBothReceptorsNegative() {
        assertThat(ReceptorClassifier.tripleNegative(Her2Status.ZERO, ReceptorStatus.NEGATIVE, ReceptorStatus.NEGATIVE))
                .isTrue();
        assertThat(ReceptorClassifier.tripleNegative(Her2Status.LOW, ReceptorStatus.NEGATIVE, ReceptorStatus.NEGATIVE))
                .isTrue();
        assertThat(ReceptorClassifier.tripleNegative(
                        Her2Status.ZERO, ReceptorStatus.LOW_POSITIVE, ReceptorStatus.NEGATIVE))
                .isFalse();
        assertThat(ReceptorClassifier.tripleNegative(
                        Her2Status.POSITIVE, ReceptorStatus.NEGATIVE, ReceptorStatus.NEGATIVE))
                .isFalse();
        assertThat(ReceptorClassifier.tripleNegative(
                        Her2Status.UNKNOWN, ReceptorStatus.NEGATIVE, ReceptorStatus.NEGATIVE))
                .isFalse();
        assertThat(ReceptorClassifier.tripleNegative(Her2Status.ZERO, ReceptorStatus.NEGATIVE, ReceptorStatus.UNKNOWN))
                .isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "CLONE_22C3, CPS, 10, MEETS_CUTOFF",
        "CLONE_22C3, CPS, 9.99, BELOW_CUTOFF",
        "CLONE_22C3, CPS, 35, MEETS_CUTOFF",
        "CLONE_22C3, TPS, 50, NOT_ASSESSABLE",
        "SP142, IC, 5, NOT_ASSESSABLE",
        "SP263, CPS, 20, NOT_ASSESSABLE"
    })
    void pdL1CutoffForPembrolizumabNeverSubstitutesAssays(
            PdL1.Assay assay, PdL1.Scoring scoring, double score, PdL1.Verdict expected) {
        assertThat(new PdL1(assay, scoring, score).pembrolizumabMetastaticTnbc())
                .isEqualTo(expected);
    }
}
