package org.oncofhir.therapy;

import static org.oncofhir.codes.CodeSystems.LOINC;
import static org.oncofhir.codes.CodeSystems.SNOMED;

/**
 * A test a suggestion orders (a draft ServiceRequest): a SNOMED CT procedure or LOINC code from
 * clinical-knowledge.md (or the source named beside it), and why.
 */
public record TestOrder(String system, String code, String display, String reason) {

    static final TestOrder HER2_IHC =
            new TestOrder(SNOMED, "433114000", "HER2 gene detection by immunohistochemistry", null);
    static final TestOrder HER2_ISH =
            new TestOrder(SNOMED, "434363004", "HER2 gene detection by fluorescence in situ hybridization", null);
    static final TestOrder ER = new TestOrder(
            LOINC, "85337-4", "Estrogen receptor Ag [Presence] in Breast cancer specimen by Immune stain", null);
    static final TestOrder PR = new TestOrder(
            LOINC, "85339-0", "Progesterone receptor Ag [Presence] in Breast cancer specimen by Immune stain", null);
    static final TestOrder ER_METASTASIS =
            new TestOrder(LOINC, "40556-3", "Estrogen receptor Ag [Presence] in Tissue by Immune stain", null);
    static final TestOrder PR_METASTASIS =
            new TestOrder(LOINC, "40557-1", "Progesterone receptor Ag [Presence] in Tissue by Immune stain", null);
    static final TestOrder PDL1_22C3 =
            new TestOrder(LOINC, "83052-1", "PD-L1 by clone 22C3 [Presence] in Tissue by Immune stain", null);
    static final TestOrder LVEF = new TestOrder(LOINC, "10230-1", "Left ventricular Ejection fraction", null);
    /** VSAC "Pregnancy Test" value set 2.16.840.1.113883.3.464.1003.111.12.1011 (cqframework/ecqm-content-qicore-2025). */
    static final TestOrder PREGNANCY_TEST =
            new TestOrder(LOINC, "2118-8", "Choriogonadotropin (pregnancy test) [Presence] in Serum or Plasma", null);

    TestOrder because(String why) {
        return new TestOrder(system, code, display, why);
    }
}
