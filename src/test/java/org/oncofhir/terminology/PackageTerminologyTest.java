package org.oncofhir.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/** The in-memory terminology engine on a small package with a hierarchy, a fragment and a map. */
class PackageTerminologyTest {

    private static final String CS = "http://example.org/CodeSystem/tumour";
    private static final String LOINC = "http://loinc.org";
    private static final String VS = "http://example.org/ValueSet/tumour";

    private final PackageTerminology terminology =
            new PackageTerminology(List.of(tumours(), loincFragment()), List.of(valueSet()), List.of(conceptMap()));

    private static CodeSystem tumours() {
        CodeSystem cs = new CodeSystem().setUrl(CS).setVersion("1.0.0").setName("Tumour");
        cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
        CodeSystem.ConceptDefinitionComponent carcinoma =
                cs.addConcept().setCode("carcinoma").setDisplay("Carcinoma");
        CodeSystem.ConceptDefinitionComponent ductal =
                carcinoma.addConcept().setCode("ductal").setDisplay("Invasive ductal carcinoma");
        ductal.addDesignation().setLanguage("de").setValue("Invasives duktales Karzinom");
        carcinoma.addConcept().setCode("lobular").setDisplay("Invasive lobular carcinoma");
        cs.addConcept().setCode("sarcoma").setDisplay("Sarcoma");
        return cs;
    }

    private static CodeSystem loincFragment() {
        CodeSystem cs = new CodeSystem().setUrl(LOINC).setName("LoincFragment");
        cs.setContent(CodeSystem.CodeSystemContentMode.FRAGMENT);
        cs.addConcept().setCode("85319-2").setDisplay("HER2 [Presence] in Breast cancer specimen by Immune stain");
        return cs;
    }

    private static ValueSet valueSet() {
        ValueSet vs = new ValueSet().setUrl(VS).setVersion("1.0.0").setName("Tumours");
        vs.getCompose().addInclude().setSystem(CS);
        vs.getCompose().addInclude().setSystem(LOINC).addConcept().setCode("85319-2");
        vs.getCompose().addExclude().setSystem(CS).addConcept().setCode("sarcoma");
        return vs;
    }

    private static ConceptMap conceptMap() {
        ConceptMap map = new ConceptMap().setUrl("http://example.org/ConceptMap/m");
        ConceptMap.ConceptMapGroupComponent group =
                map.addGroup().setSource(LOINC).setTarget(CS);
        group.addElement().setCode("85319-2").addTarget().setCode("ductal").setEquivalence(ConceptMapEquivalence.WIDER);
        return map;
    }

    @Test
    void expandsIncludesWithoutExcludesAndTakesDisplaysFromTheCodeSystems() {
        ValueSet out = terminology.expand(VS, ExpansionRequest.ALL);
        assertThat(out.getExpansion().getContains())
                .extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
                .containsExactly("carcinoma", "ductal", "lobular", "85319-2");
        assertThat(out.getExpansion().getTotal()).isEqualTo(4);
        assertThat(out.getExpansion().getContains().get(3).getDisplay()).startsWith("HER2");
        assertThat(out.getExpansion().getContains().get(0).getVersion()).isEqualTo("1.0.0");
    }

    @Test
    void pagesFiltersAndCountsWhatMatches() {
        ValueSet page = terminology.expand(VS, new ExpansionRequest("invasive carc", 1, 5, false));
        assertThat(page.getExpansion().getTotal()).isEqualTo(2);
        assertThat(page.getExpansion().getOffset()).isEqualTo(1);
        assertThat(page.getExpansion().getContains())
                .extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
                .containsExactly("lobular");
        assertThat(terminology
                        .expand(VS, new ExpansionRequest(null, 10, 5, false))
                        .getExpansion()
                        .getContains())
                .isEmpty();
        assertThat(terminology
                        .expand(VS, new ExpansionRequest(null, 0, 0, false))
                        .getExpansion()
                        .getTotal())
                .isEqualTo(4);
        assertThat(terminology
                        .expand(VS, new ExpansionRequest("85319", 0, null, false))
                        .getExpansion()
                        .getTotal())
                .as("a filter matches codes too")
                .isEqualTo(1);
        assertThatThrownBy(() -> new ExpansionRequest(null, -1, null, false))
                .isInstanceOf(TerminologyRequestException.class);
    }

    @Test
    void designationsOnlyWhenAsked() {
        assertThat(terminology
                        .expand(VS, ExpansionRequest.ALL)
                        .getExpansion()
                        .getContains()
                        .get(1)
                        .getDesignation())
                .isEmpty();
        assertThat(terminology
                        .expand(VS, new ExpansionRequest(null, 0, null, true))
                        .getExpansion()
                        .getContains()
                        .get(1)
                        .getDesignationFirstRep()
                        .getValue())
                .isEqualTo("Invasives duktales Karzinom");
    }

    @Test
    void validatesMembershipDisplaysAndVersions() {
        assertThat(terminology
                        .validateInValueSet(VS, List.of(new Coding(CS, "ductal", "INVASIVE DUCTAL CARCINOMA")), false)
                        .valid())
                .isTrue();
        assertThat(terminology
                        .validateInValueSet(VS, List.of(new Coding(CS, "ductal", "Invasives duktales Karzinom")), false)
                        .valid())
                .as("a designation is an acceptable display")
                .isTrue();
        CodeCheck wrongDisplay =
                terminology.validateInValueSet(VS, List.of(new Coding(CS, "ductal", "Lobular")), false);
        assertThat(wrongDisplay.valid()).isFalse();
        assertThat(wrongDisplay.message()).contains("Wrong display 'Lobular'");
        CodeCheck excluded = terminology.validateInValueSet(VS, List.of(new Coding(CS, "sarcoma", null)), false);
        assertThat(excluded.valid()).isFalse();
        assertThat(excluded.message()).contains("not in the value set");
        assertThat(terminology
                        .validateInValueSet(VS, List.of(new Coding(CS, "nonsense", null)), false)
                        .message())
                .contains("Unknown code 'nonsense'");
        assertThat(terminology
                        .validateInValueSet(
                                VS,
                                List.of(new Coding("http://local", "x", null), new Coding(CS, "lobular", null)),
                                false)
                        .valid())
                .as("a CodeableConcept is valid when one of its codings is")
                .isTrue();
        assertThatThrownBy(() ->
                        terminology.validateInValueSet(VS + "|2.0.0", List.of(new Coding(CS, "ductal", null)), false))
                .isInstanceOf(UnknownCodeException.class)
                .hasMessageContaining("holds version 1.0.0");
        assertThat(terminology
                        .validateInCodeSystem(LOINC + "|2.77", List.of(new Coding(LOINC, "85319-2", null)))
                        .valid())
                .as("a fragment states no version, so any named version is answered")
                .isTrue();
        CodeCheck outsideTheFragment = terminology.validateInCodeSystem(LOINC, List.of(new Coding(LOINC, "1-8", null)));
        assertThat(outsideTheFragment.valid())
                .as("a code a fragment lacks may exist in the full system: a warning, not a refusal")
                .isTrue();
        assertThat(outsideTheFragment.message()).contains("fragment");
        assertThat(terminology
                        .validateInValueSet(VS, List.of(new Coding(null, "lobular", null)), true)
                        .concept()
                        .getSystem())
                .as("inferSystem takes the system of the one member with the code")
                .isEqualTo(CS);
        assertThat(terminology
                        .validateInValueSet(VS, List.of(new Coding(null, "lobular", null)), false)
                        .valid())
                .isFalse();
    }

    @Test
    void subsumptionFollowsTheHierarchyAndIsRefusedForFragments() {
        assertThat(terminology.subsumes(CS, "carcinoma", "ductal")).isEqualTo("subsumes");
        assertThat(terminology.subsumes(CS, "lobular", "carcinoma")).isEqualTo("subsumed-by");
        assertThat(terminology.subsumes(CS, "lobular", "ductal")).isEqualTo("not-subsumed");
        assertThat(terminology.subsumes(CS, "sarcoma", "sarcoma")).isEqualTo("equivalent");
        assertThatThrownBy(() -> terminology.subsumes(LOINC, "85319-2", "85319-2"))
                .isInstanceOf(TerminologyRequestException.class);
        assertThatThrownBy(() -> terminology.subsumes(CS, "carcinoma", "nonsense"))
                .isInstanceOf(UnknownCodeException.class);
    }

    @Test
    void lookupGivesParentAndChildren() {
        PackageTerminology.Lookup carcinoma = terminology.lookup(CS, "carcinoma");
        assertThat(carcinoma.children()).containsExactly("ductal", "lobular");
        assertThat(terminology.lookup(CS, "ductal").parent()).contains("carcinoma");
        assertThatThrownBy(() -> terminology.lookup(LOINC, "1-8"))
                .isInstanceOf(UnknownCodeException.class)
                .hasMessageContaining("fragment");
    }

    @Test
    void translatesForwardAndInReverse() {
        ConceptMapTranslator.Translation forward = terminology.translate(
                "http://example.org/ConceptMap/m", new Coding(LOINC, "85319-2", null), null, false);
        assertThat(forward.result()).isTrue();
        assertThat(forward.matches().get(0).concept().getDisplay()).isEqualTo("Invasive ductal carcinoma");
        ConceptMapTranslator.Translation reverse =
                terminology.translate("http://example.org/ConceptMap/m", new Coding(CS, "ductal", null), null, true);
        assertThat(reverse.matches().get(0).concept().getCode()).isEqualTo("85319-2");
        ConceptMapTranslator.Translation none =
                terminology.translate("http://example.org/ConceptMap/m", new Coding(LOINC, "1-8", null), null, false);
        assertThat(none.result()).isFalse();
        assertThat(none.message()).contains("No mapping");
    }

    @Test
    void onlyComposesTheEngineImplementsAreExpandedInline() {
        ValueSet byFilter = new ValueSet();
        byFilter.getCompose()
                .addInclude()
                .setSystem(CS)
                .addFilter()
                .setProperty("concept")
                .setValue("carcinoma");
        assertThat(terminology.canExpand(byFilter)).isFalse();
        ValueSet wholeFragment = new ValueSet();
        wholeFragment.getCompose().addInclude().setSystem(LOINC);
        assertThat(terminology.canExpand(wholeFragment))
                .as("a fragment cannot be expanded whole")
                .isFalse();
        assertThat(terminology.canExpand(valueSet())).isTrue();
    }
}
