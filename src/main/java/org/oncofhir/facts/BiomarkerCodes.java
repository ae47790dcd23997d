package org.oncofhir.facts;

import org.oncofhir.codes.CodeSystems;

/**
 * OncoFHIR's own codes the readers look for beside the recognition ConceptMaps: parts of our profiles that only our
 * profiles carry (the stained-percent component, the PD-L1 assay, the HER2 status and ER-low answers).
 */
final class BiomarkerCodes {

    static final String COMPONENT = CodeSystems.own("biomarker-component");
    static final String PDL1_ASSAY = CodeSystems.own("pdl1-assay");
    static final String BIOMARKER_RESULT = CodeSystems.own("biomarker-result");
    static final String HER2_STATUS = CodeSystems.own("her2-status");
    static final String STAINED_PERCENT = "her2-membrane-staining-percent";
    static final String MCODE_SECONDARY_CANCER =
            "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-secondary-cancer-condition";

    private BiomarkerCodes() {}
}
