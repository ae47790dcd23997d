package org.oncofhir.facts;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a sent coding means to the rules: the concepts of OncoFHIR's {@code clinical-fact} CodeSystem, the target of
 * every recognition ConceptMap in {@code terminology/}.
 */
public enum Fact {
    HER2_IHC("her2-ihc", Kind.OBSERVATION),
    HER2_ISH("her2-ish", Kind.OBSERVATION),
    HER2_ISH_RATIO("her2-ish-ratio", Kind.OBSERVATION),
    HER2_ISH_COPIES("her2-ish-copies", Kind.OBSERVATION),
    ER("er", Kind.OBSERVATION),
    ER_PERCENT("er-percent", Kind.OBSERVATION),
    PR("pr", Kind.OBSERVATION),
    PR_PERCENT("pr-percent", Kind.OBSERVATION),
    PDL1("pdl1", Kind.OBSERVATION),
    PDL1_CPS("pdl1-cps", Kind.OBSERVATION),
    PDL1_TPS("pdl1-tps", Kind.OBSERVATION),
    PDL1_IC("pdl1-ic", Kind.OBSERVATION),
    LVEF("lvef", Kind.OBSERVATION),
    PREGNANCY_STATUS("pregnancy-status", Kind.OBSERVATION),
    MENOPAUSAL_STATUS("menopausal-status", Kind.OBSERVATION),
    STAGE_GROUP("stage-group", Kind.OBSERVATION),
    DISTANT_METASTASIS_CATEGORY("distant-metastasis-category", Kind.OBSERVATION),
    NEOADJUVANT_RESPONSE("neoadjuvant-response", Kind.OBSERVATION),
    POSITIVE("positive", Kind.ANSWER),
    NEGATIVE("negative", Kind.ANSWER),
    IHC_0("ihc-0", Kind.ANSWER),
    IHC_1PLUS("ihc-1plus", Kind.ANSWER),
    IHC_2PLUS("ihc-2plus", Kind.ANSWER),
    IHC_3PLUS("ihc-3plus", Kind.ANSWER),
    IHC_INDETERMINATE("ihc-indeterminate", Kind.ANSWER),
    NOT_PREGNANT("not-pregnant", Kind.ANSWER),
    PREMENOPAUSAL("premenopausal", Kind.ANSWER),
    POSTMENOPAUSAL("postmenopausal", Kind.ANSWER),
    MENOPAUSAL_STATUS_UNKNOWN("menopausal-status-unknown", Kind.ANSWER),
    RESIDUAL_INVASIVE_DISEASE("residual-invasive-disease", Kind.ANSWER),
    PATHOLOGIC_COMPLETE_RESPONSE("pathologic-complete-response", Kind.ANSWER),
    STAGE_IV("stage-iv", Kind.ANSWER),
    M1("m1", Kind.ANSWER),
    /** An answer (pregnancy status Observation) and a finding (pregnancy Condition) alike. */
    PREGNANT("pregnant", Kind.ANSWER),
    BREAST_CANCER("breast-cancer", Kind.CONDITION),
    METASTATIC_DISEASE("metastatic-disease", Kind.CONDITION),
    /** Understood, and not metastatic: axillary, infraclavicular or supraclavicular nodes are regional (N). */
    REGIONAL_NODAL_DISEASE("regional-nodal-disease", Kind.CONDITION),
    CHEMOTHERAPY("chemotherapy", Kind.TREATMENT);

    /** Where a coding with this meaning is read: an Observation's code, a value, a Condition's code, a treatment. */
    public enum Kind {
        OBSERVATION,
        ANSWER,
        CONDITION,
        TREATMENT
    }

    private static final Map<String, Fact> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Fact::code, Function.identity()));

    private final String code;
    private final Kind kind;

    Fact(String code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    /** The fact a {@code clinical-fact} code names, or null. */
    static Fact byCode(String code) {
        return BY_CODE.get(code);
    }
}
