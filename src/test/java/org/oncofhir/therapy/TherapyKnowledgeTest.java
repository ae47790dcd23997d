package org.oncofhir.therapy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The knowledge files agree with the terminology: drugs are RxNorm ingredients we publish, evidence has URLs. */
class TherapyKnowledgeTest {

    private static final DrugCatalogue DRUGS = DrugCatalogue.load();
    private static final TherapyKnowledge KNOWLEDGE = TherapyKnowledge.load();

    @Test
    void everyRegimenDrugIsAnRxNormIngredientInTheFragment() {
        for (TherapyKnowledge.Regimen regimen : KNOWLEDGE.regimens()) {
            assertThat(regimen.drugs()).as(regimen.id()).isNotEmpty();
            for (String drug : regimen.drugs()) {
                assertThat(DRUGS.knows(drug)).as(regimen.id() + " " + drug).isTrue();
                assertThat(DRUGS.ingredientsOf(drug))
                        .as("ingredient, not a product")
                        .containsExactly(drug);
            }
            assertThat(KNOWLEDGE.evidence(regimen.evidence()).url()).startsWith("https://");
        }
    }

    @Test
    void ruleConstantsAreIngredientsInTheMatchingValueSets() throws Exception {
        for (Field field : Rx.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String code = (String) field.get(null);
                assertThat(DRUGS.ingredientsOf(code)).as(field.getName()).containsExactly(code);
            }
        }
        assertThat(valueSet("her2-directed-drugs")).containsAll(Rx.HER2_DIRECTED_BIOLOGICS);
        assertThat(valueSet("endocrine-drugs"))
                .containsAll(Rx.ENDOCRINE_TREATMENT)
                .containsAll(Rx.OVARIAN_SUPPRESSION);
        assertThat(valueSet("checkpoint-inhibitors")).contains(Rx.PEMBROLIZUMAB, Rx.ATEZOLIZUMAB);
        assertThat(valueSet("chemotherapy-drugs")).containsAll(Rx.TAXANES).allSatisfy(code -> assertThat(
                        DRUGS.ingredientsOf(code))
                .as("chemotherapy ingredient %s is in the RxNorm fragment", code)
                .containsExactly(code));
        assertThat(DRUGS.name(Rx.T_DM1)).isEqualTo("ado-trastuzumab emtansine");
    }

    @Test
    void productsNormaliseToTheirIngredients() {
        assertThat(DRUGS.ingredientsOf("2119714")).as("Herceptin Hylecta SCD").containsExactly(Rx.TRASTUZUMAB);
        assertThat(DRUGS.ingredientsOf("2103478"))
                .as("biosimilar trastuzumab-dkst")
                .containsExactly(Rx.TRASTUZUMAB);
        assertThat(DRUGS.ingredientsOf("2382603"))
                .as("Phesgo")
                .containsExactlyInAnyOrder(Rx.TRASTUZUMAB, Rx.PERTUZUMAB);
        assertThat(DRUGS.ingredientsOf("1371046")).as("Kadcyla BN").containsExactly(Rx.T_DM1);
        assertThat(DRUGS.ingredientsOf("999999")).isEmpty();
    }

    @Test
    void patientInformationPagesAreHttpsAndNamed() {
        for (String drug : List.of(Rx.TRASTUZUMAB, Rx.PERTUZUMAB, Rx.T_DM1, Rx.T_DXD, Rx.ANASTROZOLE, Rx.LETROZOLE)) {
            TherapyKnowledge.PatientInfo info = KNOWLEDGE.patientInfo(drug);
            assertThat(info).as(drug).isNotNull();
            assertThat(info.url()).startsWith("https://");
            assertThat(info.label()).isNotBlank();
        }
        assertThat(KNOWLEDGE.patientInfo(Rx.TAMOXIFEN))
                .as("no current authoritative page was found")
                .isNull();
    }

    @Test
    void dosageTextComesOnlyFromTheKnowledgeFile() {
        assertThat(KNOWLEDGE.dosage(Rx.ANASTROZOLE)).isEqualTo("1 mg orally once daily");
        assertThat(KNOWLEDGE.dosage(Rx.TRASTUZUMAB)).isNull();
    }

    private static Set<String> valueSet(String id) throws IOException {
        JsonNode vs = new ObjectMapper()
                .readTree(Path.of("terminology/ValueSet-" + id + ".json").toFile());
        Set<String> codes = new HashSet<>();
        vs.path("compose").path("include").forEach(include -> include.path("concept")
                .forEach(c -> codes.add(c.path("code").asText())));
        return codes;
    }
}
