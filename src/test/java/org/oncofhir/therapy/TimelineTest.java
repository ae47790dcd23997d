package org.oncofhir.therapy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.PatientBiomarkers;

/** Prior therapy placed against surgery and the metastatic diagnosis, and the 6-month relapse window at its edges. */
class TimelineTest {

    private static final LocalDate RECURRENCE = LocalDate.of(2026, 9, 1);
    private static final Exposure NEOADJUVANT_TRASTUZUMAB =
            new Exposure(Set.of(Rx.TRASTUZUMAB), false, LocalDate.of(2025, 1, 10), LocalDate.of(2025, 4, 30));
    private static final Exposure ADJUVANT_TRASTUZUMAB =
            new Exposure(Set.of(Rx.TRASTUZUMAB), false, LocalDate.of(2025, 6, 1), LocalDate.of(2026, 3, 1));
    private static final Exposure FIRST_LINE_LETROZOLE =
            new Exposure(Set.of(Rx.LETROZOLE), false, LocalDate.of(2026, 9, 10), null);
    private static final Exposure FIRST_LINE_PALBOCICLIB =
            new Exposure(Set.of("1601374"), false, LocalDate.of(2026, 9, 10), null);
    private static final Exposure SECOND_LINE_FULVESTRANT =
            new Exposure(Set.of(Rx.FULVESTRANT), false, LocalDate.of(2026, 11, 1), null);
    private static final Exposure UNDATED = new Exposure(Set.of(Rx.TAMOXIFEN), false, null, null);

    private static ClinicalFacts facts(List<Exposure> exposures) {
        BiomarkerResult<Boolean> surgery = new BiomarkerResult<>(
                Boolean.TRUE,
                "Observation/pathology",
                "OncoFHIR neoadjuvant-response",
                "residual invasive disease",
                OffsetDateTime.of(2025, 5, 20, 0, 0, 0, 0, ZoneOffset.UTC));
        return new ClinicalFacts(
                ClinicalFacts.Sex.FEMALE,
                new PatientBiomarkers(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        List.of()),
                true,
                LocalDate.of(2025, 1, 1),
                true,
                true,
                RECURRENCE,
                2,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(surgery),
                Set.of(),
                Set.of(),
                exposures,
                List.of(),
                LocalDate.of(2026, 11, 23));
    }

    @Test
    void placesEachTherapyInItsSetting() {
        Timeline timeline = new Timeline(facts(List.of(
                NEOADJUVANT_TRASTUZUMAB,
                ADJUVANT_TRASTUZUMAB,
                FIRST_LINE_LETROZOLE,
                FIRST_LINE_PALBOCICLIB,
                SECOND_LINE_FULVESTRANT,
                UNDATED)));

        assertThat(timeline.setting(NEOADJUVANT_TRASTUZUMAB)).isEqualTo("neoadjuvant");
        assertThat(timeline.setting(ADJUVANT_TRASTUZUMAB)).isEqualTo("adjuvant");
        assertThat(timeline.setting(FIRST_LINE_LETROZOLE)).isEqualTo("metastatic line 1");
        assertThat(timeline.setting(FIRST_LINE_PALBOCICLIB)).isEqualTo("metastatic line 1");
        assertThat(timeline.setting(SECOND_LINE_FULVESTRANT)).isEqualTo("metastatic line 2");
        assertThat(timeline.setting(UNDATED)).isEqualTo("setting unknown");
    }

    @Test
    void theSixMonthRelapseWindowIsInclusiveAtItsEdge() {
        Exposure endedSixMonthsBefore =
                new Exposure(Set.of(Rx.TRASTUZUMAB), false, LocalDate.of(2025, 6, 1), RECURRENCE.minusMonths(6));
        Exposure endedADayEarlier = new Exposure(
                Set.of(Rx.TRASTUZUMAB),
                false,
                LocalDate.of(2025, 6, 1),
                RECURRENCE.minusMonths(6).minusDays(1));

        assertThat(new Timeline(facts(List.of(endedSixMonthsBefore)))
                        .metastatic(e -> e.gives(Rx.HER2_DIRECTED_BIOLOGICS), true))
                .isEqualTo(Timeline.Placement.YES);
        assertThat(new Timeline(facts(List.of(endedADayEarlier)))
                        .metastatic(e -> e.gives(Rx.HER2_DIRECTED_BIOLOGICS), true))
                .isEqualTo(Timeline.Placement.NO);
        assertThat(new Timeline(facts(List.of(endedSixMonthsBefore)))
                        .metastatic(e -> e.gives(Rx.HER2_DIRECTED_BIOLOGICS), false))
                .as("without the window, early therapy never counts as metastatic")
                .isEqualTo(Timeline.Placement.NO);
        assertThat(new Timeline(facts(List.of(UNDATED))).metastatic(e -> e.gives(Rx.ENDOCRINE_TREATMENT), false))
                .isEqualTo(Timeline.Placement.UNKNOWN);
    }
}
