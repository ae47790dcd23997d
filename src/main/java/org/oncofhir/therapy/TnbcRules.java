package org.oncofhir.therapy;

import java.util.ArrayList;
import org.oncofhir.biomarkers.PdL1;

/**
 * Immunotherapy for triple-negative disease (clinical-knowledge.md §4e): pembrolizumab with chemotherapy in
 * metastatic TNBC only with PD-L1 22C3 CPS >= 10 (KEYNOTE-355), and with neoadjuvant chemotherapy in high-risk
 * (stage II-III) early TNBC regardless of PD-L1 (KEYNOTE-522). Atezolizumab is never suggested in the US.
 */
final class TnbcRules {

    private TnbcRules() {}

    static void apply(RuleContext c) {
        Phenotype p = c.phenotype;
        if (!p.tripleNegative()) {
            return;
        }
        String tnbc = "Triple-negative: " + c.her2Text() + ", " + p.hormoneText() + ".";
        var basis = new ArrayList<>(p.her2AndHormoneBasis());
        if (c.facts.metastatic()) {
            basis.addAll(p.pdL1Basis());
            String pdL1 = c.facts.biomarkers().pdL1().map(r -> r.citation()).orElse("no PD-L1 result");
            if (p.pdL1() == PdL1.Verdict.MEETS_CUTOFF) {
                c.card(Topic.IMMUNOTHERAPY, "tnbc-metastatic-pembrolizumab", Indicator.INFO)
                        .evidence("keytruda-label")
                        .summary(
                                "Metastatic TNBC with PD-L1 22C3 CPS >= 10: pembrolizumab with chemotherapy (KEYNOTE-355)")
                        .reasoning(tnbc + " PD-L1: " + pdL1 + " meets the 22C3 CPS >= 10 cut-off.")
                        .basis(basis)
                        .suggest(c.regimen("tnbc-met-pembrolizumab", true));
            } else if (c.policy.jurisdiction() == SitePolicy.Jurisdiction.EU
                    && c.facts
                                    .biomarkers()
                                    .pdL1()
                                    .map(r -> r.value().atezolizumabMetastaticTnbc())
                                    .orElse(PdL1.Verdict.NOT_ASSESSABLE)
                            == PdL1.Verdict.MEETS_CUTOFF) {
                // EU label: with nab-paclitaxel, PD-L1 >= 1 %, no prior chemotherapy for metastatic disease.
                Timeline.Placement chemotherapy = c.timeline.metastatic(Exposure::chemotherapy, false);
                c.card(Topic.IMMUNOTHERAPY, "tnbc-metastatic-atezolizumab-eu", Indicator.INFO)
                        .evidence("tecentriq-eu")
                        .summary("Metastatic TNBC with PD-L1 SP142 IC >= 1 %: atezolizumab with nab-paclitaxel "
                                + "(IMpassion130, EU)")
                        .reasoning(tnbc + " PD-L1: " + pdL1 + " meets the SP142 immune-cell >= 1 % cut-off. "
                                + "Authorised in the EU with nab-paclitaxel (not conventional paclitaxel) when no "
                                + "chemotherapy was given for metastatic disease. Chemotherapy: "
                                + c.timeline.describe(Exposure::chemotherapy, "chemotherapy")
                                + (chemotherapy == Timeline.Placement.YES
                                        ? " Chemotherapy for metastatic disease is on record: outside the label."
                                        : "")
                                + " Pembrolizumab needs a 22C3 CPS >= 10, which is not on record.")
                        .basis(basis)
                        .suggest(c.regimen("tnbc-met-atezolizumab", chemotherapy == Timeline.Placement.NO));
            } else if (p.pdL1() == PdL1.Verdict.BELOW_CUTOFF) {
                c.card(Topic.IMMUNOTHERAPY, "tnbc-metastatic-pdl1-below-cutoff", Indicator.INFO)
                        .evidence("keytruda-label")
                        .summary("Metastatic TNBC with PD-L1 22C3 CPS < 10: pembrolizumab not indicated (KEYNOTE-355)")
                        .reasoning(tnbc + " PD-L1: " + pdL1 + " is below the 22C3 CPS >= 10 cut-off.")
                        .basis(basis);
            } else {
                c.card(Topic.IMMUNOTHERAPY, "tnbc-metastatic-pdl1-needed", Indicator.WARNING)
                        .evidence("keytruda-label")
                        .summary("Metastatic TNBC without a PD-L1 22C3 CPS: test before deciding on pembrolizumab")
                        .reasoning(
                                tnbc + " PD-L1: " + pdL1
                                        + ". Only a 22C3 combined positive score decides pembrolizumab; "
                                        + "another assay's score (SP142, SP263) or another scoring method cannot stand in for it.")
                        .basis(basis)
                        .suggest(Suggestion.tests(
                                "Order PD-L1 IHC (22C3, CPS)",
                                TestOrder.PDL1_22C3.because(
                                        "PD-L1 22C3 CPS for pembrolizumab eligibility (KEYNOTE-355)")));
            }
            return;
        }
        Integer stage = c.facts.stageGroup();
        if (stage == null) {
            c.card(Topic.IMMUNOTHERAPY, "tnbc-early-stage-needed", Indicator.INFO)
                    .evidence("keytruda-label")
                    .summary(
                            "Early TNBC without a recorded stage: stage II-III qualifies for pembrolizumab (KEYNOTE-522)")
                    .reasoning(tnbc + " KEYNOTE-522 applies to high-risk (stage II-III) early TNBC; record the stage.")
                    .basis(basis);
        } else if (stage == 2 || stage == 3) {
            c.card(Topic.IMMUNOTHERAPY, "tnbc-early-pembrolizumab", Indicator.INFO)
                    .evidence("keytruda-label")
                    .summary("High-risk early TNBC (stage " + (stage == 2 ? "II" : "III")
                            + "): pembrolizumab with neoadjuvant chemotherapy")
                    .reasoning(tnbc + " Stage " + stage
                            + " (II-III): pembrolizumab with neoadjuvant chemotherapy, then adjuvant "
                            + "pembrolizumab (KEYNOTE-522); no PD-L1 requirement.")
                    .basis(basis)
                    .suggest(c.regimen("tnbc-early-pembrolizumab", true));
        }
    }
}
