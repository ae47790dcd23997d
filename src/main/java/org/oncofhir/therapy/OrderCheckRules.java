package org.oncofhir.therapy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.Her2Status;
import org.oncofhir.biomarkers.PdL1;
import org.oncofhir.therapy.ClinicalFacts.Menopause;

/**
 * Checks draft orders against the patient's biomarkers and safety data (order-select / order-sign): anti-HER2
 * antibodies or T-DM1 for HER2-negative disease (HER2-low included), trastuzumab deruxtecan outside its HER2-low /
 * ultralow labels, endocrine therapy for HR-negative disease, an aromatase inhibitor without menopause or ovarian
 * suppression, pembrolizumab in metastatic TNBC without PD-L1 22C3 CPS >= 10, atezolizumab (withdrawn in the US).
 */
final class OrderCheckRules {

    private OrderCheckRules() {}

    static void apply(RuleContext c, List<DraftOrder> orders) {
        Phenotype p = c.phenotype;
        Her2Status her2 = p.her2().status();
        List<DraftOrder> her2Only = matching(orders, o -> o.contains(Rx.HER2_POSITIVE_ONLY));
        if (!her2Only.isEmpty() && her2.isNegative()) {
            c.card(Topic.ORDER_CHECK, "order-her2-therapy-her2-negative", Indicator.CRITICAL)
                    .evidence("asco-cap-her2")
                    .summary("Anti-HER2 order for " + c.her2Text()
                            + " disease: trastuzumab/pertuzumab/T-DM1 need HER2-positive")
                    .reasoning(names(her2Only) + " ordered, but " + p.her2().reasoning()
                            + " HER2-low and HER2-ultralow never qualify for trastuzumab, pertuzumab or T-DM1.")
                    .basis(p.her2Basis())
                    .suggest(Suggestion.delete("Cancel the anti-HER2 order", refs(her2Only)));
        } else if (!her2Only.isEmpty() && !p.her2Positive()) {
            c.card(Topic.ORDER_CHECK, "order-her2-therapy-status-unresolved", Indicator.WARNING)
                    .evidence("asco-cap-her2")
                    .summary("Anti-HER2 order while HER2 status is not established (" + c.her2Text() + ")")
                    .reasoning(names(her2Only) + " ordered. " + p.her2().reasoning())
                    .basis(p.her2Basis());
        }
        List<DraftOrder> tdxd = matching(orders, o -> o.contains(Set.of(Rx.T_DXD)));
        if (!tdxd.isEmpty() && !tdxdLabelled(c)) {
            c.card(Topic.ORDER_CHECK, "order-tdxd-outside-label", Indicator.WARNING)
                    .evidence("enhertu-label")
                    .summary("Trastuzumab deruxtecan ordered for " + c.her2Text() + ", " + c.setting()
                            + " disease: outside its labelled indications")
                    .reasoning(names(tdxd)
                            + " ordered. US labels: unresectable/metastatic HER2-positive disease after anti-HER2 therapy "
                            + "(DESTINY-Breast03); HER2-low after chemotherapy (DESTINY-Breast04); HR-positive HER2-low or "
                            + "ultralow after endocrine therapy (DESTINY-Breast06). "
                            + p.her2().reasoning() + " "
                            + p.hormoneText() + ".")
                    .basis(p.her2AndHormoneBasis())
                    .suggest(Suggestion.delete("Cancel the trastuzumab deruxtecan order", refs(tdxd)));
        }
        endocrine(c, orders);
        immunotherapy(c, orders);
        List<DraftOrder> cardiotoxic = matching(orders, o -> o.contains(Rx.HER2_DIRECTED_BIOLOGICS));
        if (!cardiotoxic.isEmpty()) {
            SafetyRules.apply(c, "the draft order for " + names(cardiotoxic), refs(cardiotoxic), !tdxd.isEmpty());
        }
    }

    /**
     * §4d: metastatic disease, and the HER2 group with the prior therapy each label requires in the metastatic
     * setting (undated prior therapy is given the benefit of the doubt: no outside-label warning).
     */
    private static boolean tdxdLabelled(RuleContext c) {
        Her2Status her2 = c.phenotype.her2().status();
        boolean afterEndocrine = c.endocrineForMetastaticDisease() != Timeline.Placement.NO;
        boolean afterChemotherapy = c.chemotherapyForMetastaticDisease() != Timeline.Placement.NO;
        return c.facts.metastatic()
                && (her2 == Her2Status.POSITIVE
                        || her2 == Her2Status.LOW && (afterChemotherapy || afterEndocrine)
                        || her2 == Her2Status.ULTRALOW && afterEndocrine);
    }

    private static void endocrine(RuleContext c, List<DraftOrder> orders) {
        Phenotype p = c.phenotype;
        List<DraftOrder> endocrine = matching(orders, o -> o.contains(Rx.ENDOCRINE_TREATMENT));
        if (!endocrine.isEmpty() && p.hormoneNegative()) {
            c.card(Topic.ORDER_CHECK, "order-endocrine-hr-negative", Indicator.WARNING)
                    .evidence("asco-cap-er-pr")
                    .summary(
                            "Endocrine therapy ordered for hormone-receptor-negative disease (" + p.hormoneText() + ")")
                    .reasoning(names(endocrine) + " ordered, but " + p.hormoneText()
                            + " (< 1 % nuclei staining): no endocrine benefit expected.")
                    .basis(p.hormoneBasis())
                    .suggest(Suggestion.delete("Cancel the endocrine order", refs(endocrine)));
        }
        List<DraftOrder> aromataseInhibitors = matching(orders, o -> o.contains(Rx.AROMATASE_INHIBITORS));
        Menopause menopause = c.facts.menopausalStatus();
        boolean suppression = c.facts.currentlyOn(Rx.OVARIAN_SUPPRESSION)
                || orders.stream().anyMatch(o -> o.contains(Rx.OVARIAN_SUPPRESSION));
        if (!aromataseInhibitors.isEmpty() && menopause != Menopause.POST && !suppression) {
            var basis =
                    c.facts.menopause().<List<BiomarkerResult<?>>>map(List::of).orElse(List.of());
            c.card(Topic.ORDER_CHECK, "order-ai-without-menopause", Indicator.WARNING)
                    .evidence("endocrine-menopause")
                    .summary("Aromatase inhibitor ordered, menopausal status "
                            + menopause.name().toLowerCase() + ", no ovarian suppression on record")
                    .reasoning(names(aromataseInhibitors)
                            + " ordered. Aromatase inhibitors alone are ineffective before menopause; "
                            + "add ovarian function suppression or confirm postmenopausal status.")
                    .basis(basis)
                    .suggest(Suggestion.delete("Cancel the aromatase inhibitor order", refs(aromataseInhibitors)));
        }
    }

    private static void immunotherapy(RuleContext c, List<DraftOrder> orders) {
        Phenotype p = c.phenotype;
        List<DraftOrder> pembrolizumab = matching(orders, o -> o.contains(Set.of(Rx.PEMBROLIZUMAB)));
        if (!pembrolizumab.isEmpty()
                && c.facts.metastatic()
                && p.tripleNegative()
                && p.pdL1() != PdL1.Verdict.MEETS_CUTOFF) {
            String pdL1 = c.facts.biomarkers().pdL1().map(r -> r.citation()).orElse("no PD-L1 result");
            var basis = new ArrayList<>(p.her2AndHormoneBasis());
            basis.addAll(p.pdL1Basis());
            c.card(Topic.ORDER_CHECK, "order-pembrolizumab-without-cps10", Indicator.WARNING)
                    .evidence("keytruda-label")
                    .summary("Pembrolizumab ordered for metastatic TNBC without PD-L1 22C3 CPS >= 10")
                    .reasoning(names(pembrolizumab) + " ordered. KEYNOTE-355 requires PD-L1 22C3 CPS >= 10; on record: "
                            + pdL1 + ". Another assay's score cannot stand in for it.")
                    .basis(basis)
                    .suggest(Suggestion.delete("Cancel the pembrolizumab order", refs(pembrolizumab)));
        }
        boolean keynote522 = !c.facts.metastatic()
                && p.tripleNegative()
                && c.facts.stageGroup() != null
                && (c.facts.stageGroup() == 2 || c.facts.stageGroup() == 3);
        if (!pembrolizumab.isEmpty() && (!p.tripleNegative() || !c.facts.metastatic() && !keynote522)) {
            c.card(Topic.ORDER_CHECK, "order-pembrolizumab-outside-label", Indicator.WARNING)
                    .evidence("keytruda-label")
                    .summary("Pembrolizumab ordered outside its breast-cancer indications (" + c.her2Text() + ", "
                            + p.hormoneText() + ")")
                    .reasoning(names(pembrolizumab)
                            + " ordered. Breast-cancer labels: metastatic TNBC with PD-L1 22C3 CPS >= 10 "
                            + "(KEYNOTE-355) and high-risk (stage II-III) early TNBC (KEYNOTE-522). Here: "
                            + c.her2Text() + ", "
                            + p.hormoneText() + ", " + c.setting() + " disease"
                            + (c.facts.stageGroup() == null
                                    ? ", stage not recorded."
                                    : ", stage " + c.facts.stageGroup() + "."))
                    .basis(p.her2AndHormoneBasis())
                    .suggest(Suggestion.delete("Cancel the pembrolizumab order", refs(pembrolizumab)));
        }
        List<DraftOrder> atezolizumab = matching(orders, o -> o.contains(Set.of(Rx.ATEZOLIZUMAB)));
        if (!atezolizumab.isEmpty() && c.policy.jurisdiction() == SitePolicy.Jurisdiction.US) {
            c.card(Topic.ORDER_CHECK, "order-atezolizumab-us", Indicator.WARNING)
                    .evidence("tecentriq-us-withdrawal")
                    .summary("Atezolizumab ordered: its US breast-cancer indication was withdrawn (2021-08-27)")
                    .reasoning(
                            names(atezolizumab)
                                    + " ordered. The US accelerated approval for metastatic TNBC (IMpassion130, "
                                    + "SP142 IC >= 1 %) was voluntarily withdrawn on 2021-08-27; pembrolizumab requires 22C3 CPS >= 10.")
                    .basis(p.pdL1Basis())
                    .suggest(Suggestion.delete("Cancel the atezolizumab order", refs(atezolizumab)));
        } else if (!atezolizumab.isEmpty()
                && !(c.facts.metastatic()
                        && p.tripleNegative()
                        && c.facts
                                        .biomarkers()
                                        .pdL1()
                                        .map(r -> r.value().atezolizumabMetastaticTnbc())
                                        .orElse(PdL1.Verdict.NOT_ASSESSABLE)
                                == PdL1.Verdict.MEETS_CUTOFF)) {
            c.card(Topic.ORDER_CHECK, "order-atezolizumab-outside-label", Indicator.WARNING)
                    .evidence("tecentriq-eu")
                    .summary("Atezolizumab ordered outside its EU breast-cancer indication (" + c.her2Text() + ", "
                            + p.hormoneText() + ")")
                    .reasoning(names(atezolizumab) + " ordered. EU label: with nab-paclitaxel for unresectable "
                            + "locally advanced or metastatic TNBC with PD-L1 >= 1 % (SP142, immune cells) and no prior "
                            + "chemotherapy for metastatic disease. Here: " + c.her2Text() + ", " + p.hormoneText()
                            + ", " + c.setting() + " disease.")
                    .basis(p.pdL1Basis())
                    .suggest(Suggestion.delete("Cancel the atezolizumab order", refs(atezolizumab)));
        }
    }

    private static List<DraftOrder> matching(List<DraftOrder> orders, Predicate<DraftOrder> test) {
        return orders.stream().filter(test).toList();
    }

    private static List<String> refs(List<DraftOrder> orders) {
        return orders.stream().map(DraftOrder::reference).toList();
    }

    private static String names(List<DraftOrder> orders) {
        return String.join(", ", orders.stream().map(DraftOrder::medication).toList());
    }
}
