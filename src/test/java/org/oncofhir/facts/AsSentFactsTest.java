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
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.Her2Ihc;
import org.oncofhir.biomarkers.Her2Ish;
import org.oncofhir.biomarkers.PatientBiomarkers.ReceptorReading;
import org.oncofhir.biomarkers.PdL1;
import org.oncofhir.therapy.ClinicalFacts;
import org.oncofhir.therapy.DrugCatalogue;

/**
 * Results as labs and EHRs send them ({@code src/test/resources/as-sent}), read into facts: each file must give
 * the facts its row in {@code facts.csv} names, whatever codings it carries beside the canonical ones.
 */
class AsSentFactsTest {

    static final Path DIR = Path.of("src/test/resources/as-sent");
    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ClinicalFactsReader READER = new ClinicalFactsReader(DrugCatalogue.load());
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    /** One row of facts.csv. */
    record Row(
            String file,
            String her2Ihc,
            String her2Ish,
            String er,
            String pr,
            String pdL1,
            String withdrawn,
            String priorTherapy,
            String breastCancer,
            String metastatic,
            String lvef,
            String pregnant,
            String chemotherapy,
            int unread,
            String canonical,
            int http) {

        @Override
        public String toString() {
            return file;
        }

        /** The row as facts.csv writes it. */
        String columns() {
            return String.join(
                    ",",
                    file,
                    her2Ihc,
                    her2Ish,
                    er,
                    pr,
                    pdL1,
                    withdrawn,
                    priorTherapy,
                    breastCancer,
                    metastatic,
                    lvef,
                    pregnant,
                    chemotherapy,
                    String.valueOf(unread),
                    canonical,
                    String.valueOf(http));
        }
    }

    static Stream<Row> rows() throws IOException {
        return Files.readAllLines(DIR.resolve("facts.csv")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split(",", -1))
                .map(f -> new Row(
                        f[0],
                        f[1],
                        f[2],
                        f[3],
                        f[4],
                        f[5],
                        f[6],
                        f[7],
                        f[8],
                        f[9],
                        f[10],
                        f[11],
                        f[12],
                        Integer.parseInt(f[13]),
                        f[14],
                        Integer.parseInt(f[15])));
    }

    /** The resources of a file: the resource itself, or the entries of a Bundle. */
    static List<Resource> resources(Path file) throws IOException {
        IBaseResource parsed = FHIR.newJsonParser().parseResource(Files.readString(file));
        if (parsed instanceof Bundle bundle) {
            return bundle.getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .toList();
        }
        return List.of((Resource) parsed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void givesTheFactsItsRowNames(Row row) throws IOException {
        ClinicalFacts facts = READER.read(PatientRecord.of("p", resources(DIR.resolve(row.file()))), TODAY);

        assertThat(read(row, facts).columns())
                .as(String.join(" | ", facts.notUnderstood()))
                .isEqualTo(row.columns());
    }

    /** The row the facts make, the file's name and what it is compared with or answered taken from {@code row}. */
    private static Row read(Row row, ClinicalFacts facts) {
        return new Row(
                row.file(),
                her2(facts.biomarkers().her2Ihc()),
                facts.biomarkers().her2Ish().map(r -> ish(r.value())).orElse("-"),
                receptor(facts.biomarkers().estrogenReceptor()),
                receptor(facts.biomarkers().progesteroneReceptor()),
                facts.biomarkers().pdL1().map(r -> pdL1(r.value())).orElse("-"),
                facts.biomarkers().retracted().stream()
                        .map(BiomarkerResult::value)
                        .findFirst()
                        .orElse("-"),
                facts.medicationHistory().stream().sorted().findFirst().orElse("-"),
                yesNo(facts.breastCancer()),
                yesNo(facts.metastatic()),
                facts.lvefPercent().map(r -> String.valueOf(r.value())).orElse("-"),
                facts.pregnant().map(r -> yesNo(r.value())).orElse("-"),
                yesNo(facts.chemotherapyOnRecord()),
                facts.notUnderstood().size(),
                row.canonical(),
                row.http());
    }

    private static String yesNo(boolean value) {
        return value ? "y" : "n";
    }

    private static String her2(Optional<BiomarkerResult<Her2Ihc>> result) {
        return result.map(BiomarkerResult::value)
                .map(ihc -> ihc.score() != null ? ihc.score().name() : ihc.reportedPositive() ? "pos" : "neg")
                .orElse("-");
    }

    private static String ish(Her2Ish ish) {
        return ish.ratio() + ":" + ish.her2CopiesPerCell() + ":"
                + (ish.reportedAmplified() == null ? "-" : ish.reportedAmplified() ? "pos" : "neg");
    }

    private static String receptor(Optional<BiomarkerResult<ReceptorReading>> result) {
        return result.map(BiomarkerResult::value)
                .map(r -> (r.reportedPositive() == null ? "?" : r.reportedPositive() ? "pos" : "neg")
                        + (r.percent() == null ? "" : ":" + r.percent()))
                .orElse("-");
    }

    private static String pdL1(PdL1 pdL1) {
        return (pdL1.assay() == null ? "-" : pdL1.assay().name()) + ":"
                + (pdL1.scoring() == null ? "-" : pdL1.scoring().name()) + ":"
                + (pdL1.score() == null ? "-" : pdL1.score());
    }
}
