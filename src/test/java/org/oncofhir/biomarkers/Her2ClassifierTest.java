package org.oncofhir.biomarkers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class Her2ClassifierTest {

    @ParameterizedTest(name = "{8}")
    @CsvFileSource(resources = "/cases/her2-status.csv", delimiterString = ",")
    void classifies(
            IhcScore score,
            Boolean reportedPositive,
            Double stainedPercent,
            boolean ishPresent,
            Double ratio,
            Double copies,
            Boolean ishAmplified,
            Her2Status expected,
            String description) {
        Her2Ihc ihc =
                score == null && reportedPositive == null ? null : new Her2Ihc(score, reportedPositive, stainedPercent);
        Her2Ish ish = ishPresent ? new Her2Ish(ratio, copies, ishAmplified) : null;

        Her2Assessment assessment = Her2Classifier.classify(ihc, ish);

        assertThat(assessment.status())
                .as(description + ": " + assessment.reasoning())
                .isEqualTo(expected);
        assertThat(assessment.reasoning()).isNotBlank();
        assertThat(assessment.needsReflexIsh()).isEqualTo(expected == Her2Status.EQUIVOCAL_PENDING);
    }
}
