package org.oncofhir.therapy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.oncofhir.biomarkers.Her2Status;

/**
 * Anti-HER2 therapy (clinical-knowledge.md §4f, §4d): HER2-positive early and metastatic disease, residual disease
 * after neoadjuvant therapy, and trastuzumab deruxtecan for HER2-low/ultralow metastatic disease.
 */
final class Her2TherapyRules {

    private Her2TherapyRules() {}

    static void apply(RuleContext c) {
        if (c.phenotype.her2Positive()) {
            if (c.facts.metastatic()) {
                metastaticPositive(c);
            } else {
                earlyPositive(c);
            }
        } else if (c.facts.metastatic()) {
            metastaticLowOrUltralow(c);
        }
    }

    private static void earlyPositive(RuleContext c) {
        String reasoning = c.phenotype.her2().reasoning() + " Early-stage disease.";
        boolean hadTrastuzumab = c.facts.received(Set.of(Rx.TRASTUZUMAB));
        Boolean residual =
                c.facts.neoadjuvantResidualDisease().map(r -> r.value()).orElse(null);
        var basis = new ArrayList<>(c.phenotype.her2Basis());
        c.facts.neoadjuvantResidualDisease().ifPresent(basis::add);
        if (hadTrastuzumab && Boolean.TRUE.equals(residual)) {
            c.card(Topic.HER2_THERAPY, "her2-residual-tdm1", Indicator.INFO)
                    .evidence("kadcyla-label")
                    .summary(
                            "HER2-positive with residual invasive disease after neoadjuvant therapy: consider T-DM1 (KATHERINE)")
                    .reasoning(reasoning
                            + " Residual invasive disease after neoadjuvant trastuzumab-based therapy: T-DM1 replaces "
                            + "trastuzumab in the adjuvant phase. Number of cycles per label."
                            + (c.facts.received(Rx.TAXANES)
                                    ? ""
                                    : " KATHERINE enrolled patients after a taxane with "
                                            + "trastuzumab; no taxane is on record: check the neoadjuvant regimen."))
                    .basis(basis)
                    .suggest(c.regimen("residual-tdm1", true));
        } else if (hadTrastuzumab) {
            c.card(Topic.HER2_THERAPY, "her2-complete-one-year", Indicator.INFO)
                    .evidence("herceptin-label")
                    .summary("HER2-positive on trastuzumab: complete 1 year (52 weeks) of anti-HER2 therapy")
                    .reasoning(reasoning
                            + " Trastuzumab is in the medication history. Adjuvant trastuzumab is given for 52 weeks; "
                            + "extending beyond 1 year is not recommended."
                            + (residual == null
                                    ? " If neoadjuvant therapy left residual invasive disease, T-DM1 replaces"
                                            + " trastuzumab (KATHERINE): record the post-neoadjuvant pathology."
                                    : ""))
                    .basis(basis)
                    .suggest(c.regimen("early-her2-t-complete", true), c.regimen("early-her2-tp-complete", false))
                    .alternatives();
        } else {
            // Pertuzumab's early-disease labels need a tumour > 2 cm, node-positive or high-risk disease: not stage I.
            boolean stageOne = Integer.valueOf(1).equals(c.facts.stageGroup());
            c.card(Topic.HER2_THERAPY, "her2-early-tp", Indicator.INFO)
                    .evidence("perjeta-label")
                    .summary("HER2-positive early breast cancer: trastuzumab + pertuzumab with chemotherapy")
                    .reasoning(reasoning
                            + " Pertuzumab + trastuzumab with chemotherapy (neoadjuvant for tumours > 2 cm or node-positive, "
                            + "adjuvant for high risk: APHINITY), or trastuzumab with chemotherapy; anti-HER2 therapy for 1 year."
                            + (stageOne ? " Stage I: trastuzumab with chemotherapy is the proposed option." : ""))
                    .basis(basis)
                    .suggest(c.regimen("early-her2-tp", !stageOne), c.regimen("early-her2-t", stageOne))
                    .alternatives();
        }
    }

    private static void metastaticPositive(RuleContext c) {
        String reasoning = c.phenotype.her2().reasoning() + " Recurrent/metastatic disease.";
        if (!c.facts.received(Rx.HER2_DIRECTED_BIOLOGICS)) {
            c.card(Topic.HER2_THERAPY, "her2-metastatic-first-line", Indicator.INFO)
                    .evidence("perjeta-label")
                    .summary(
                            "HER2-positive metastatic, no prior anti-HER2 therapy: pertuzumab + trastuzumab + docetaxel")
                    .reasoning(reasoning
                            + " No anti-HER2 therapy on record: first-line pertuzumab + trastuzumab + docetaxel "
                            + "(CLEOPATRA), until progression or unacceptable toxicity.")
                    .basis(c.phenotype.her2Basis())
                    .suggest(c.regimen("met-her2-first-line", true));
            return;
        }
        // Later lines follow anti-HER2 therapy for metastatic disease, or a relapse within 6 months of early anti-HER2
        // therapy (DESTINY-Breast03); after a later relapse the first-line regimen applies again (CLEOPATRA).
        Timeline.Placement prior = c.timeline.metastatic(e -> e.gives(Rx.HER2_DIRECTED_BIOLOGICS), true);
        String history = " Anti-HER2 therapy: "
                + c.timeline.describe(e -> e.gives(Rx.HER2_DIRECTED_BIOLOGICS), "anti-HER2 therapy");
        if (prior == Timeline.Placement.NO) {
            c.card(Topic.HER2_THERAPY, "her2-metastatic-first-line", Indicator.INFO)
                    .evidence("perjeta-label")
                    .summary(
                            "HER2-positive metastatic, relapse > 6 months after early anti-HER2 therapy: first line again")
                    .reasoning(reasoning + history + " The early anti-HER2 therapy ended more than 6 months before "
                            + "the metastatic diagnosis: first-line pertuzumab + trastuzumab + docetaxel (CLEOPATRA).")
                    .basis(c.phenotype.her2Basis())
                    .suggest(c.regimen("met-her2-first-line", true));
            return;
        }
        boolean known = prior == Timeline.Placement.YES;
        List<Suggestion> options = new ArrayList<>();
        if (!c.facts.received(Set.of(Rx.T_DXD))) {
            options.add(c.regimen("met-her2-tdxd", known));
        }
        if (!c.facts.received(Set.of(Rx.T_DM1))) {
            options.add(c.regimen("met-her2-tdm1", known && options.isEmpty()));
        }
        if (options.isEmpty()) {
            c.card(Topic.HER2_THERAPY, "her2-metastatic-later-line", Indicator.INFO)
                    .evidence("enhertu-label")
                    .summary("HER2-positive metastatic after T-DXd and T-DM1: later-line options per guideline")
                    .reasoning(reasoning
                            + " Trastuzumab deruxtecan and T-DM1 are both in the medication history; OncoFHIR has no "
                            + "further verified suggestion.")
                    .basis(c.phenotype.her2Basis());
            return;
        }
        if (!known) {
            options.add(c.regimen("met-her2-first-line", false));
        }
        c.card(Topic.HER2_THERAPY, "her2-metastatic-later-line", Indicator.INFO)
                .evidence("enhertu-label")
                .summary(
                        "HER2-positive metastatic after anti-HER2 therapy: T-DXd or T-DM1; first line again after a late relapse")
                .reasoning(reasoning + history
                        + " After anti-HER2 therapy for metastatic disease, or a recurrence during or within 6 months of "
                        + "(neo)adjuvant anti-HER2 therapy: trastuzumab deruxtecan (DESTINY-Breast03, superior to T-DM1) "
                        + "or T-DM1 (EMILIA). After a later relapse: first-line pertuzumab + trastuzumab + docetaxel "
                        + "(CLEOPATRA)."
                        + (known
                                ? ""
                                : " The record's dates do not show which applies: the options are offered side by side,"
                                        + " none recommended."))
                .basis(c.phenotype.her2Basis())
                .suggest(options)
                .alternatives();
    }

    /**
     * §4d: DESTINY-Breast06 (HR+ low/ultralow after endocrine therapy in the metastatic setting) and -04 (HER2-low
     * after chemotherapy in the metastatic setting, or a recurrence within 6 months of adjuvant chemotherapy). Prior
     * therapy without dates is named and the option offered, not recommended.
     */
    private static void metastaticLowOrUltralow(RuleContext c) {
        Her2Status status = c.phenotype.her2().status();
        boolean low = status == Her2Status.LOW;
        boolean lowOrUltralow = low || status == Her2Status.ULTRALOW;
        boolean hadTdxd = c.facts.received(Set.of(Rx.T_DXD));
        var basis = c.phenotype.her2AndHormoneBasis();
        Timeline.Placement endocrine = c.endocrineForMetastaticDisease();
        Timeline.Placement chemotherapy = c.chemotherapyForMetastaticDisease();
        if (lowOrUltralow && endocrine != Timeline.Placement.NO && !hadTdxd) {
            c.card(Topic.HER2_THERAPY, "her2-low-ultralow-tdxd", Indicator.INFO)
                    .evidence("enhertu-label")
                    .summary("HR+ " + c.her2Text()
                            + " metastatic after endocrine therapy: consider trastuzumab deruxtecan")
                    .reasoning(c.phenotype.her2().reasoning() + " " + c.phenotype.hormoneText()
                            + ". DESTINY-Breast06: after progression on endocrine therapy in the metastatic setting. "
                            + "Endocrine therapy: "
                            + c.timeline.describe(e -> e.gives(Rx.ENDOCRINE_TREATMENT), "endocrine therapy")
                            + undated(endocrine, "endocrine therapy")
                            + " HER2-low/ultralow as determined by an FDA-approved test.")
                    .basis(basis)
                    .suggest(c.regimen("hr-her2-low-ultralow-tdxd", endocrine == Timeline.Placement.YES));
        } else if (low && chemotherapy != Timeline.Placement.NO && !hadTdxd) {
            c.card(Topic.HER2_THERAPY, "her2-low-tdxd", Indicator.INFO)
                    .evidence("enhertu-label")
                    .summary(
                            "HER2-low metastatic after chemotherapy: consider trastuzumab deruxtecan (DESTINY-Breast04)")
                    .reasoning(c.phenotype.her2().reasoning()
                            + " DESTINY-Breast04: after prior chemotherapy in the metastatic setting or a recurrence "
                            + "during or within 6 months of adjuvant chemotherapy. Chemotherapy: "
                            + c.timeline.describe(Exposure::chemotherapy, "chemotherapy")
                            + undated(chemotherapy, "chemotherapy"))
                    .basis(basis)
                    .suggest(c.regimen("her2-low-tdxd", chemotherapy == Timeline.Placement.YES));
        } else if (status == Her2Status.ZERO_OR_ULTRALOW || status == Her2Status.NEGATIVE_SCORE_NOT_REPORTED) {
            c.card(Topic.HER2_THERAPY, "her2-low-not-assessable", Indicator.INFO)
                    .evidence("enhertu-label")
                    .summary("HER2-negative metastatic: " + c.her2Text()
                            + "; HER2-low/ultralow decides T-DXd eligibility")
                    .reasoning(c.phenotype.her2().reasoning()
                            + " Ask pathology for the IHC score and the percent of cells with "
                            + "membrane staining (HER2-low: IHC 1+ or 2+/ISH-negative; ultralow: IHC 0 with >0-10 %).")
                    .basis(c.phenotype.her2Basis());
        }
    }

    /** What the card assumes when the dates cannot place the therapy. */
    private static String undated(Timeline.Placement placement, String therapy) {
        return placement == Timeline.Placement.UNKNOWN
                ? " The record's dates do not show whether the " + therapy + " was given for metastatic disease: "
                        + "offered, not recommended, until that is confirmed."
                : "";
    }
}
