package org.oncofhir.therapy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.oncofhir.therapy.ClinicalFacts.Menopause;

/**
 * Endocrine therapy for hormone-receptor-positive disease (clinical-knowledge.md §4g): chosen by menopausal status;
 * an aromatase inhibitor alone is never suggested before menopause or when the status is unknown, unless ovarian
 * function suppression is on record; CDK4/6 inhibitors and fulvestrant in HER2-negative metastatic disease.
 */
final class HormoneTherapyRules {

    private HormoneTherapyRules() {}

    static void apply(RuleContext c) {
        Phenotype p = c.phenotype;
        if (!p.hormonePositive()) {
            return;
        }
        Menopause menopause = c.facts.menopausalStatus();
        boolean ovarianSuppression = c.facts.currentlyOn(Rx.OVARIAN_SUPPRESSION);
        boolean aiAllowed = menopause == Menopause.POST || ovarianSuppression;
        boolean limitedBenefit = p.onlyErLowPositive();
        var basis = new ArrayList<>(p.hormoneBasis());
        c.facts.menopause().ifPresent(basis::add);
        StringBuilder reasoning = new StringBuilder(p.hormoneText() + ": hormone-receptor-positive, " + c.setting()
                + " disease. Menopausal status: " + menopause.name().toLowerCase()
                + (ovarianSuppression ? "; on ovarian function suppression." : "."));
        if (!aiAllowed) {
            reasoning
                    .append(
                            " An aromatase inhibitor alone is ineffective before menopause and is not suggested without "
                                    + "ovarian function suppression")
                    .append(menopause == Menopause.UNKNOWN ? "; record the menopausal status." : ".");
        }
        if (limitedBenefit) {
            reasoning.append(" ER low positive (1-10 %) with PR not positive: limited data on endocrine benefit "
                    + "(ASCO/CAP 2020); weigh before relying on endocrine therapy.");
        }
        boolean recommend = !limitedBenefit;
        List<Suggestion> options;
        String evidence;
        String summary;
        if (c.facts.metastatic() && p.her2().status().isNegative() && aiAllowed) {
            reasoning.append(
                    " HER2-negative advanced disease: a CDK4/6 inhibitor with endocrine therapy, or fulvestrant;"
                            + " endocrine partner and line of therapy per each label (not verified here), avoiding an agent the"
                            + " disease progressed on.");
            options = Stream.of(
                            "met-cdk46-palbociclib", "met-cdk46-ribociclib", "met-cdk46-abemaciclib", "met-fulvestrant")
                    .map(id -> c.regimen(id, false))
                    .toList();
            evidence = "cdk46-advanced";
            summary = "HR+ HER2-negative metastatic: CDK4/6 inhibitor with endocrine therapy, or fulvestrant";
        } else if (aiAllowed) {
            options = Stream.of("et-anastrozole", "et-letrozole", "et-exemestane", "et-tamoxifen")
                    .map(id -> c.regimen(id, false))
                    .toList();
            evidence = "endocrine-menopause";
            summary = "HR-positive" + (menopause == Menopause.POST ? ", postmenopausal" : ", ovarian suppression")
                    + ": aromatase inhibitor (or tamoxifen)";
        } else {
            options = List.of(c.regimen("et-tamoxifen", recommend), c.regimen("et-ofs-exemestane", false));
            evidence = "endocrine-menopause";
            summary = "HR-positive, " + (menopause == Menopause.PRE ? "premenopausal" : "menopausal status unknown")
                    + ": tamoxifen, or ovarian suppression + exemestane";
        }
        c.card(Topic.ENDOCRINE_THERAPY, "endocrine-therapy", limitedBenefit ? Indicator.WARNING : Indicator.INFO)
                .evidence(evidence)
                .summary(summary)
                .reasoning(reasoning.toString())
                .basis(basis)
                .suggest(options)
                .alternatives();
    }
}
