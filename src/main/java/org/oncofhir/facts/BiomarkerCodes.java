package org.oncofhir.facts;

import static org.oncofhir.codes.CodeSystems.LOINC;
import static org.oncofhir.codes.CodeSystems.SNOMED;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.oncofhir.codes.CodeSystems;

/** The codes (clinical-knowledge.md Part A) by which biomarker Observations and their parts are recognised. */
public final class BiomarkerCodes {

    static final String COMPONENT = CodeSystems.own("biomarker-component");
    static final String PDL1_ASSAY = CodeSystems.own("pdl1-assay");
    static final String PDL1_SCORING = CodeSystems.own("pdl1-scoring-method");
    static final String BIOMARKER_TEST = CodeSystems.own("biomarker-test");
    static final String BIOMARKER_RESULT = CodeSystems.own("biomarker-result");

    /** HER2 IHC codes, and 48676-1 (overall HER2 interpretation, as mCODE sends it) read as a reported result. */
    static final Set<String> HER2_IHC = Set.of("85319-2", "18474-7", "48676-1");

    static final String HER2_STATUS = CodeSystems.own("her2-status");
    static final Set<String> HER2_ISH = Set.of("85318-4", "31150-6", "96893-3");
    static final String ISH_RATIO = "49683-6";
    static final String ISH_HER2_COPIES = "74860-8";
    static final Set<String> ER = Set.of("85337-4", "40556-3", "16112-5");
    static final Set<String> ER_PERCENT = Set.of("85329-1", "14228-1");
    static final Set<String> PR = Set.of("85339-0", "40557-1", "16113-3");
    static final Set<String> PR_PERCENT = Set.of("85325-9", "14230-7");
    static final Set<String> PDL1_LOINC = Set.of("83052-1", "83057-0");
    static final Set<String> PDL1_LOCAL = Set.of("pdl1-sp263", "pdl1-28-8");
    static final String STAINED_PERCENT = "her2-membrane-staining-percent";

    static final String TREATMENT_RESPONSE = CodeSystems.own("treatment-response");
    static final String LVEF = "10230-1";
    static final String PREGNANCY_STATUS = "82810-3";
    static final String MENOPAUSE_STATUS = "161712005";
    /** Breast cancer: SNOMED 254837009 and the descendant mCODE's example uses (353431000119107, left breast). */
    static final Set<String> BREAST_CANCER = Set.of("254837009", "353431000119107");
    /** Stage group observations: SNOMED 399537006 clinical stage grouping (mCODE), LOINC 21908-9 (Synthea). */
    static final String STAGE_GROUP_SNOMED = "399537006";

    static final String STAGE_GROUP_LOINC = "21908-9";
    static final String CLINICAL_M_SNOMED = "399387003";
    static final String MCODE_SECONDARY_CANCER =
            "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-secondary-cancer-condition";

    static final Set<String> POSITIVE = Set.of(LOINC + "|LA6576-8", SNOMED + "|10828004");
    static final Set<String> NEGATIVE = Set.of(LOINC + "|LA6577-6", SNOMED + "|260385009");

    private BiomarkerCodes() {}

    /** The Observation codes the readers understand: what a prefetch of the patient's results should ask for. */
    public static List<String> observationCodes() {
        return Stream.of(
                        HER2_IHC,
                        HER2_ISH,
                        ER,
                        PR,
                        PDL1_LOINC,
                        PDL1_LOCAL,
                        List.of(
                                LVEF,
                                PREGNANCY_STATUS,
                                MENOPAUSE_STATUS,
                                STAGE_GROUP_SNOMED,
                                STAGE_GROUP_LOINC,
                                CLINICAL_M_SNOMED,
                                "neoadjuvant-response"))
                .flatMap(codes -> codes.stream().sorted())
                .toList();
    }
}
