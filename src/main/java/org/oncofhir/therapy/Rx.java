package org.oncofhir.therapy;

import java.util.Set;

/** RxNorm ingredient codes the rules reason about (clinical-knowledge.md A3; checked against the fragment by a test). */
public final class Rx {

    public static final String TRASTUZUMAB = "224905";
    public static final String PERTUZUMAB = "1298944";
    public static final String T_DM1 = "1371041";
    public static final String T_DXD = "2267582";
    public static final String TAMOXIFEN = "10324";
    public static final String ANASTROZOLE = "84857";
    public static final String LETROZOLE = "72965";
    public static final String EXEMESTANE = "258494";
    public static final String FULVESTRANT = "282357";
    public static final String PEMBROLIZUMAB = "1547545";
    public static final String ATEZOLIZUMAB = "1792776";
    public static final String GOSERELIN = "50610";
    public static final String LEUPROLIDE = "42375";

    /** Anti-HER2 antibodies and T-DM1: for HER2-positive disease only; HER2-low never qualifies (A4). */
    public static final Set<String> HER2_POSITIVE_ONLY = Set.of(TRASTUZUMAB, PERTUZUMAB, T_DM1);
    /** Drugs carrying the LVEF and embryo-fetal boxed warnings (§4h). */
    public static final Set<String> HER2_DIRECTED_BIOLOGICS = Set.of(TRASTUZUMAB, PERTUZUMAB, T_DM1, T_DXD);

    public static final Set<String> AROMATASE_INHIBITORS = Set.of(ANASTROZOLE, LETROZOLE, EXEMESTANE);
    /** Endocrine therapies that need hormone-receptor-positive disease (ovarian suppression alone does not). */
    public static final Set<String> ENDOCRINE_TREATMENT =
            Set.of(TAMOXIFEN, ANASTROZOLE, LETROZOLE, EXEMESTANE, FULVESTRANT);

    public static final Set<String> OVARIAN_SUPPRESSION = Set.of(GOSERELIN, LEUPROLIDE);
    /** Docetaxel, paclitaxel: the taxane partners of the neoadjuvant regimens KATHERINE enrolled after. */
    public static final Set<String> TAXANES = Set.of("72962", "56946");

    private Rx() {}
}
