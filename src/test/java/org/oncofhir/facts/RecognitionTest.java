package org.oncofhir.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.oncofhir.codes.CodeSystems;

/** The recognition ConceptMaps as data: well formed, sourced, and read as the rules need them. */
class RecognitionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Recognition R = Recognition.standard();

    @Test
    void theFactCodeSystemAndTheEnumNameTheSameFacts() throws IOException {
        JsonNode codeSystem = JSON.readTree(
                Path.of("terminology/CodeSystem-clinical-fact.json").toFile());
        List<String> concepts = StreamSupport.stream(codeSystem.path("concept").spliterator(), false)
                .map(c -> c.path("code").asText())
                .toList();
        assertThat(codeSystem.path("url").asText()).isEqualTo(Recognition.FACT_SYSTEM);
        assertThat(concepts)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(Fact.values()).map(Fact::code).toList());
    }

    @Test
    void everyMappingCitesItsSourceAndEveryFactIsReachable() throws IOException {
        List<String> targets = new ArrayList<>();
        for (String name : Recognition.CONCEPT_MAPS) {
            JsonNode map = JSON.readTree(Path.of("terminology", name).toFile());
            assertThat(map.path("url").asText()).startsWith(CodeSystems.CANONICAL_BASE + "/ConceptMap/");
            for (JsonNode group : map.path("group")) {
                for (JsonNode element : group.path("element")) {
                    for (JsonNode target : element.path("target")) {
                        assertThat(target.path("comment").asText())
                                .as(name + " " + element.path("code").asText())
                                .startsWith("Source: ")
                                .hasSizeGreaterThan("Source: ".length() + 10);
                        targets.add(target.path("code").asText());
                    }
                }
            }
        }
        targets.addAll(Recognition.VALUE_SETS.values().stream().map(Fact::code).toList());
        assertThat(targets)
                .containsAll(Arrays.stream(Fact.values()).map(Fact::code).toList());
    }

    @ParameterizedTest(name = "{0}|{1} means {2}")
    @CsvSource({
        "http://loinc.org, 8812-0, LVEF",
        "http://loinc.org, 79991-6, LVEF",
        "http://loinc.org, 83053-9, PDL1_TPS",
        "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl, C176582, PDL1_CPS",
        "http://hl7.org/fhir/sid/icd-10-cm, C50.912, BREAST_CANCER",
        "http://hl7.org/fhir/sid/icd-10-cm, C50.A1, BREAST_CANCER",
        "http://hl7.org/fhir/sid/icd-10, C50.4, BREAST_CANCER",
        "http://snomed.info/sct, 408643008, BREAST_CANCER",
        "http://snomed.info/sct, 94222008, METASTATIC_DISEASE",
        "http://hl7.org/fhir/sid/icd-10-cm, C78.7, METASTATIC_DISEASE",
        "http://hl7.org/fhir/sid/icd-10-cm, C77.3, REGIONAL_NODAL_DISEASE",
        "http://snomed.info/sct, 72892002, PREGNANT",
        "http://snomed.info/sct, 367336001, CHEMOTHERAPY",
        "http://www.nlm.nih.gov/research/umls/rxnorm, 3995, CHEMOTHERAPY"
    })
    void aSentCodingMeansItsFact(String system, String code, Fact fact) {
        assertThat(R.means(new Coding(system, code, null), fact)).isTrue();
    }

    @ParameterizedTest(name = "{0}|{1} is not read as metastatic disease")
    @CsvSource({
        "http://hl7.org/fhir/sid/icd-10-cm, C77.3",
        "http://hl7.org/fhir/sid/icd-10-cm, C77.9",
        "http://hl7.org/fhir/sid/icd-10-cm, C79.81",
        "http://snomed.info/sct, 94181007",
        "http://snomed.info/sct, 63751007"
    })
    void regionalOrUnclearSitesAreNotMetastaticDisease(String system, String code) {
        assertThat(R.means(new Coding(system, code, null), Fact.METASTATIC_DISEASE))
                .isFalse();
    }

    @Test
    void anyOneCodingOfAConceptCarriesTheMeaning() {
        CodeableConcept concept = new CodeableConcept()
                .addCoding(new Coding("http://lab.example.test/codes", "HER2IHC", "HER2 IHC"))
                .addCoding(new Coding(CodeSystems.LOINC, "85319-2", null));
        assertThat(R.means(concept, Fact.HER2_IHC)).isTrue();
        assertThat(R.firstOf(concept, List.of(Fact.ER, Fact.HER2_IHC))).isEqualTo(Fact.HER2_IHC);
        assertThat(R.means(new CodeableConcept().setText("HER2"), Fact.HER2_IHC))
                .isFalse();
    }

    @Test
    void thePrefetchAsksForEveryObservationCodeAndNoAnswerCode() {
        assertThat(R.codesOfKind(Fact.Kind.OBSERVATION))
                .contains("85319-2", "10230-1", "8812-0", "C176582", "82810-3", "21908-9")
                .doesNotContain("LA6576-8", "C50.912");
    }
}
