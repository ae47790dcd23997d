package org.oncofhir.therapy;

import java.util.List;
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
        var basis = new java.util.ArrayList<>(p.her2AndHormoneBasis());
        if (c.facts.metastatic()) {
            basis.addAll(p.pdL1Basis());
            String pdL1 = c.facts.biomarkers().pdL1().map(r -> r.citation()).orElse("no PD-L1 result");
            if (p.pdL1() == PdL1.Verdict.MEETS_CUTOFF) {
                c.add("tnbc-metastatic-pembrolizumab", Indicator.INFO, "keytruda-label",
                        "Metastatic TNBC with PD-L1 22C3 CPS >= 10: pembrolizumab with chemotherapy (KEYNOTE-355)",
                        tnbc + " PD-L1: " + pdL1 + " meets the 22C3 CPS >= 10 cut-off.", basis,
                        List.of(c.regimen("tnbc-met-pembrolizumab", true)), false);
            } else if (p.pdL1() == PdL1.Verdict.BELOW_CUTOFF) {
                c.add("tnbc-metastatic-pdl1-below-cutoff", Indicator.INFO, "keytruda-label",
                        "Metastatic TNBC with PD-L1 22C3 CPS < 10: pembrolizumab not indicated (KEYNOTE-355)",
                        tnbc + " PD-L1: " + pdL1 + " is below the 22C3 CPS >= 10 cut-off.", basis, List.of(), false);
            } else {
                c.add("tnbc-metastatic-pdl1-needed", Indicator.WARNING, "keytruda-label",
                        "Metastatic TNBC without a PD-L1 22C3 CPS: test before deciding on pembrolizumab",
                        tnbc + " PD-L1: " + pdL1 + ". Only a 22C3 combined positive score decides pembrolizumab; "
                                + "another assay's score (SP142, SP263) or another scoring method cannot stand in for it.",
                        basis, List.of(Suggestion.tests("Order PD-L1 IHC (22C3, CPS)",
                                TestOrder.PDL1_22C3.because("PD-L1 22C3 CPS for pembrolizumab eligibility (KEYNOTE-355)"))),
                        false);
            }
            return;
        }
        Integer stage = c.facts.stageGroup();
        if (stage == null) {
            c.add("tnbc-early-stage-needed", Indicator.INFO, "keytruda-label",
                    "Early TNBC without a recorded stage: stage II-III qualifies for pembrolizumab (KEYNOTE-522)",
                    tnbc + " KEYNOTE-522 applies to high-risk (stage II-III) early TNBC; record the stage.", basis, List.of(),
                    false);
        } else if (stage == 2 || stage == 3) {
            c.add("tnbc-early-pembrolizumab", Indicator.INFO, "keytruda-label",
                    "High-risk early TNBC (stage " + (stage == 2 ? "II" : "III") + "): pembrolizumab with neoadjuvant chemotherapy",
                    tnbc + " Stage " + stage + " (II-III): pembrolizumab with neoadjuvant chemotherapy, then adjuvant "
                            + "pembrolizumab (KEYNOTE-522); no PD-L1 requirement.", basis,
                    List.of(c.regimen("tnbc-early-pembrolizumab", true)), false);
        }
    }
}
