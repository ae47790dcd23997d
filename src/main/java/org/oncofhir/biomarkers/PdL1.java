package org.oncofhir.biomarkers;

/**
 * A PD-L1 IHC result and what it supports. Only the breast-cancer cut-offs in current labels are applied: 22C3
 * CPS >= 10 for pembrolizumab in metastatic TNBC (KEYNOTE-355). A score from another assay or scoring method never
 * stands in for it (clinical-knowledge.md §4e).
 */
public record PdL1(Assay assay, Scoring scoring, Double score) {

    public enum Assay {
        CLONE_22C3,
        SP142,
        SP263,
        CLONE_28_8
    }

    public enum Scoring {
        CPS,
        TPS,
        IC
    }

    /** Whether the result can decide pembrolizumab eligibility, and how. */
    public enum Verdict {
        MEETS_CUTOFF,
        BELOW_CUTOFF,
        NOT_ASSESSABLE
    }

    static final double PEMBROLIZUMAB_CPS_CUTOFF = 10.0;
    /** IMpassion130: PD-L1 on tumour-infiltrating immune cells >= 1 % by SP142 (clinical-knowledge.md §4e). */
    static final double ATEZOLIZUMAB_IC_CUTOFF = 1.0;

    /**
     * IMpassion130 (atezolizumab with nab-paclitaxel, where authorised): SP142 IC >= 1 % meets the cut-off; no
     * other assay or scoring method substitutes for it.
     */
    public Verdict atezolizumabMetastaticTnbc() {
        if (assay != Assay.SP142 || scoring != Scoring.IC || score == null) {
            return Verdict.NOT_ASSESSABLE;
        }
        return score >= ATEZOLIZUMAB_IC_CUTOFF ? Verdict.MEETS_CUTOFF : Verdict.BELOW_CUTOFF;
    }

    /** KEYNOTE-355: 22C3 CPS >= 10 meets the cut-off; anything else cannot substitute for it. */
    public Verdict pembrolizumabMetastaticTnbc() {
        if (assay != Assay.CLONE_22C3 || scoring != Scoring.CPS || score == null) {
            return Verdict.NOT_ASSESSABLE;
        }
        return score >= PEMBROLIZUMAB_CPS_CUTOFF ? Verdict.MEETS_CUTOFF : Verdict.BELOW_CUTOFF;
    }
}
