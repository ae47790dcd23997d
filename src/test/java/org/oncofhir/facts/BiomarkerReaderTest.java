package org.oncofhir.facts;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.oncofhir.biomarkers.Her2Classifier;
import org.oncofhir.biomarkers.Her2Status;
import org.oncofhir.biomarkers.IhcScore;
import org.oncofhir.biomarkers.PatientBiomarkers;
import org.oncofhir.biomarkers.PdL1;
import org.oncofhir.biomarkers.ReceptorClassifier;
import org.oncofhir.biomarkers.ReceptorStatus;

/** Observations (our profiles and foreign styles) read into typed results; final only, newest governs. */
class BiomarkerReaderTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void readsProfiledResultsIntoStatuses() throws Exception {
        PatientBiomarkers read = BiomarkerReader.read(
                List.of(
                        example("her2-ihc-2plus"),
                        example("her2-ish-group5-sish"),
                        example("er-low-positive"),
                        example("pr-negative-edge-below-1"),
                        example("pdl1-22c3-cps-edge-10")),
                new ArrayList<>());

        assertThat(read.her2Ihc().orElseThrow().value().score()).isEqualTo(IhcScore.TWO_PLUS);
        assertThat(Her2Classifier.classify(
                                read.her2Ihc().get().value(),
                                read.her2Ish().get().value())
                        .status())
                .isEqualTo(Her2Status.LOW);
        PatientBiomarkers.ReceptorReading er =
                read.estrogenReceptor().orElseThrow().value();
        assertThat(ReceptorClassifier.estrogen(er.percent(), er.reportedPositive()))
                .isEqualTo(ReceptorStatus.LOW_POSITIVE);
        PatientBiomarkers.ReceptorReading pr =
                read.progesteroneReceptor().orElseThrow().value();
        assertThat(ReceptorClassifier.progesterone(pr.percent(), pr.reportedPositive()))
                .isEqualTo(ReceptorStatus.NEGATIVE);
        assertThat(read.pdL1().orElseThrow().value().pembrolizumabMetastaticTnbc())
                .isEqualTo(PdL1.Verdict.MEETS_CUTOFF);
        assertThat(read.her2Ihc().get().citation())
                .contains("LOINC 85319-2", "2+", "2026-10-14", "Observation/her2-ihc-2plus");
        assertThat(read.discordances()).isEmpty();
    }

    @Test
    void readsForeignPositiveNegativeOnlyResults() throws Exception {
        PatientBiomarkers read = BiomarkerReader.read(
                List.of(example("mcode-her2-ihc-snomed-positive"), example("synthea-er-snomed-negative")),
                new ArrayList<>());

        assertThat(Her2Classifier.classify(read.her2Ihc().orElseThrow().value(), null)
                        .status())
                .isEqualTo(Her2Status.POSITIVE);
        assertThat(read.estrogenReceptor().orElseThrow().value().reportedPositive())
                .isFalse();
        assertThat(read.estrogenReceptor().get().value().percent()).isNull();
    }

    @Test
    void onlyFinalAmendedCorrectedCountAndTheNewestGovernsWithDiscordanceReported() throws Exception {
        Observation older = example("her2-ihc-3plus-breast");
        older.setEffective(new DateTimeType("2025-03-01"));
        Observation newer = example("her2-ihc-ultralow-metastasis");
        newer.setEffective(new DateTimeType("2026-09-01"));
        newer.setStatus(Observation.ObservationStatus.AMENDED);
        Observation preliminary = example("her2-ihc-2plus");
        preliminary.setEffective(new DateTimeType("2026-11-01"));
        preliminary.setStatus(Observation.ObservationStatus.PRELIMINARY);

        PatientBiomarkers read = BiomarkerReader.read(List.of(older, preliminary, newer), new ArrayList<>());

        assertThat(read.her2Ihc().orElseThrow().observationId()).isEqualTo("Observation/her2-ihc-ultralow-metastasis");
        assertThat(read.discordances())
                .singleElement()
                .asString()
                .contains("HER2 IHC discordant", "her2-ihc-ultralow-metastasis", "her2-ihc-3plus-breast");
    }

    @Test
    void ihcAndIshArePairedBySpecimenNotByRecency() throws Exception {
        Observation ihc = onSpecimen(example("her2-ihc-2plus"), "block-a", "2026-06-01");
        Observation ishSameBlock = onSpecimen(example("her2-ish-group1-fish"), "block-a", "2026-06-03");
        Observation ishOtherBlock = onSpecimen(example("her2-ish-group5-sish"), "block-b", "2026-05-01");
        ishOtherBlock.setId("ish-other-block");

        PatientBiomarkers read = BiomarkerReader.read(List.of(ihc, ishOtherBlock, ishSameBlock), new ArrayList<>());

        assertThat(read.her2Ihc().orElseThrow().value().score()).isEqualTo(IhcScore.TWO_PLUS);
        assertThat(read.her2Ish().orElseThrow().observationId()).isEqualTo("Observation/her2-ish-group1-fish");
        assertThat(read.discordances()).singleElement().asString().contains("HER2 ISH discordant", "ish-other-block");
    }

    @Test
    void resultsFromAnotherSpecimenThanTheNewestAreNamedNotCombined() throws Exception {
        Observation ihc = onSpecimen(example("her2-ihc-2plus"), "primary-block", "2026-02-01");
        Observation ish = onSpecimen(example("her2-ish-group1-fish"), "metastasis-biopsy", "2026-09-01");

        PatientBiomarkers read = BiomarkerReader.read(List.of(ihc, ish), new ArrayList<>());

        assertThat(read.her2Ish()).isPresent();
        assertThat(read.her2Ihc()).isEmpty();
        assertThat(read.discordances())
                .singleElement()
                .asString()
                .contains("HER2 IHC on record only from another specimen", "her2-ihc-2plus", "her2-ish-group1-fish");
    }

    @Test
    void withoutSpecimensTheCollectionDayPairs() throws Exception {
        Observation ihc = example("her2-ihc-2plus").setSpecimen(null);
        ihc.setEffective(new DateTimeType("2026-06-01T08:00:00Z"));
        Observation ish = example("her2-ish-group1-fish").setSpecimen(null);
        ish.setEffective(new DateTimeType("2026-06-01T15:00:00Z"));

        PatientBiomarkers read = BiomarkerReader.read(List.of(ihc, ish), new ArrayList<>());

        assertThat(read.her2Ihc()).isPresent();
        assertThat(read.her2Ish()).isPresent();
        assertThat(read.discordances()).isEmpty();
    }

    private static Observation onSpecimen(Observation o, String specimen, String date) {
        o.setSpecimen(new Reference("Specimen/" + specimen));
        o.setEffective(new DateTimeType(date));
        return o;
    }

    @Test
    void nothingReadFromNoObservations() {
        PatientBiomarkers read = BiomarkerReader.read(List.of(), new ArrayList<>());
        assertThat(read.her2Ihc()).isEmpty();
        assertThat(read.her2Ish()).isEmpty();
        assertThat(read.estrogenReceptor()).isEmpty();
        assertThat(read.pdL1()).isEmpty();
    }

    private static Observation example(String id) throws Exception {
        String json = Files.readString(Path.of("profiles/examples/valid/" + id + ".json"));
        return FHIR.newJsonParser().parseResource(Observation.class, json);
    }
}
