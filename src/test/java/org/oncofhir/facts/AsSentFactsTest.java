package org.oncofhir.facts;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.Her2Ihc;
import org.oncofhir.biomarkers.PatientBiomarkers.ReceptorReading;
import org.oncofhir.therapy.ClinicalFacts;
import org.oncofhir.therapy.DrugCatalogue;

/**
 * Results as labs and EHRs send them ({@code src/test/resources/as-sent}), read into facts: each file must give
 * the facts its row in {@code facts.csv} names, whatever codings it carries beside the canonical ones.
 */
class AsSentFactsTest {

    static final Path DIR = Path.of("src/test/resources/as-sent");
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ClinicalFactsReader READER = new ClinicalFactsReader(DrugCatalogue.load());

    /** One row of facts.csv. */
    record Row(String file, String her2Ihc, String er, String pr, String withdrawn, String priorTherapy) {

        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Row> rows() throws IOException {
        return Files.readAllLines(DIR.resolve("facts.csv")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split(",", -1))
                .map(f -> new Row(f[0], f[1], f[2], f[3], f[4], f[5]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void givesTheFactsItsRowNames(Row row) throws IOException {
        IBaseResource resource = FHIR.newJsonParser().parseResource(Files.readString(DIR.resolve(row.file())));
        ClinicalFacts facts = READER.read(PatientRecord.of("p", List.of(resource)), LocalDate.of(2026, 11, 23));

        assertThat(her2(facts.biomarkers().her2Ihc())).isEqualTo(row.her2Ihc());
        assertThat(receptor(facts.biomarkers().estrogenReceptor())).isEqualTo(row.er());
        assertThat(receptor(facts.biomarkers().progesteroneReceptor())).isEqualTo(row.pr());
        assertThat(facts.biomarkers().retracted().stream()
                        .map(BiomarkerResult::value)
                        .findFirst()
                        .orElse("-"))
                .isEqualTo(row.withdrawn());
        assertThat(facts.medicationHistory().stream().sorted().findFirst().orElse("-"))
                .isEqualTo(row.priorTherapy());
    }

    private static String her2(Optional<BiomarkerResult<Her2Ihc>> result) {
        return result.map(BiomarkerResult::value)
                .map(ihc -> ihc.score() != null ? ihc.score().name() : ihc.reportedPositive() ? "pos" : "neg")
                .orElse("-");
    }

    private static String receptor(Optional<BiomarkerResult<ReceptorReading>> result) {
        return result.map(BiomarkerResult::value)
                .map(r -> r.reportedPositive() == null ? "?" : r.reportedPositive() ? "pos" : "neg")
                .orElse("-");
    }
}
