package org.oncofhir.therapy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.Her2Status;

/** Warnings about the biomarker results themselves: missing, equivocal, indeterminate, discordant, or outdated. */
final class TestingRules {

    private TestingRules() {}

    static void apply(RuleContext c) {
        Phenotype p = c.phenotype;
        Her2Status her2 = p.her2().status();
        if (her2 == Her2Status.UNKNOWN) {
            c.add("her2-missing", Indicator.WARNING, "asco-cap-her2", "No HER2 result on record: test HER2 before choosing therapy",
                    "No final HER2 IHC or ISH result was found. HER2 status decides anti-HER2 therapy eligibility.",
                    List.of(), List.of(Suggestion.tests("Order HER2 IHC", TestOrder.HER2_IHC.because("HER2 status not on record"))), false);
        } else if (p.her2().needsReflexIsh() && c.facts.biomarkers().her2Ish().isEmpty()) {
            c.add("her2-ihc2-needs-ish", Indicator.WARNING, "asco-cap-her2", "HER2 IHC 2+ (equivocal) without ISH: order reflex ISH",
                    p.her2().reasoning() + " Until ISH is resulted, HER2-directed therapy cannot be decided.",
                    p.her2Basis(), List.of(Suggestion.tests("Order reflex HER2 ISH on the same specimen",
                            TestOrder.HER2_ISH.because("Reflex ISH for HER2 IHC 2+ (ASCO/CAP 2018)"))), false);
        } else if (her2 == Her2Status.EQUIVOCAL_PENDING || her2 == Her2Status.INDETERMINATE) {
            c.add("her2-unresolved", Indicator.WARNING, "asco-cap-her2", "HER2 status not resolved: " + c.her2Text(),
                    p.her2().reasoning(), p.her2Basis(),
                    List.of(Suggestion.tests("Order HER2 IHC", TestOrder.HER2_IHC.because("HER2 status not resolved"))), false);
        }
        List<TestOrder> receptorTests = new ArrayList<>();
        if (c.facts.biomarkers().estrogenReceptor().isEmpty()) {
            receptorTests.add(TestOrder.ER.because("ER status not on record"));
        }
        if (c.facts.biomarkers().progesteroneReceptor().isEmpty()) {
            receptorTests.add(TestOrder.PR.because("PR status not on record"));
        }
        if (!receptorTests.isEmpty()) {
            c.add("hr-missing", Indicator.WARNING, "asco-cap-er-pr",
                    "No " + (receptorTests.size() == 2 ? "ER/PR" : receptorTests.get(0).code().equals("85337-4") ? "ER" : "PR")
                            + " result on record: test before choosing endocrine therapy",
                    "Hormone receptor status (" + p.hormoneText() + ") decides endocrine therapy.", p.hormoneBasis(),
                    List.of(Suggestion.tests("Order receptor testing", receptorTests.toArray(TestOrder[]::new))), false);
        }
        contradictory(c, "ER", c.facts.biomarkers().estrogenReceptor());
        contradictory(c, "PR", c.facts.biomarkers().progesteroneReceptor());
        if (!c.facts.biomarkers().discordances().isEmpty()) {
            c.add("discordant-results", Indicator.WARNING, "retest-recurrence", "Discordant biomarker results: the most recent is used",
                    String.join("\n", c.facts.biomarkers().discordances())
                            + "\nConfirm which result should govern before therapy is chosen or left out: multidisciplinary "
                            + "review (in recurrent disease a metastasis result usually prevails over the primary).",
                    p.her2AndHormoneBasis(), List.of(), false);
        }
        retestAtRecurrence(c);
    }

    /** A reported result that its own percent of stained nuclei contradicts: the percent decides, but it is flagged. */
    private static void contradictory(RuleContext c, String marker,
            java.util.Optional<BiomarkerResult<org.oncofhir.biomarkers.PatientBiomarkers.ReceptorReading>> result) {
        if (result.isEmpty()) {
            return;
        }
        var reading = result.get().value();
        Double percent = reading.percent();
        if (percent == null || reading.reportedPositive() == null) {
            return;
        }
        boolean contradicts = reading.reportedLowPositive()
                ? percent < 1 || percent > 10
                : reading.reportedPositive() != (percent >= 1);
        if (contradicts) {
            c.add("contradictory-" + marker.toLowerCase() + "-result", Indicator.WARNING, "asco-cap-er-pr",
                    marker + " reported " + result.get().valueText() + " but " + percent + " % of nuclei stained: check the report",
                    marker + " result " + result.get().citation() + " states " + percent + " % of tumour nuclei staining, which "
                            + "under ASCO/CAP 2020 (< 1 % negative, 1-10 % ER low positive) contradicts the reported result. "
                            + "The percent is used; confirm with the pathologist.", List.of(result.get()), List.of(), false);
        }
    }

    /** §4i: recurrent/metastatic disease with only results that predate it calls for re-testing a metastasis. */
    private static void retestAtRecurrence(RuleContext c) {
        LocalDate recurrence = c.facts.recurrenceDate();
        List<BiomarkerResult<?>> basis = c.phenotype.her2AndHormoneBasis();
        if (!c.facts.metastatic() || recurrence == null || basis.isEmpty()) {
            return;
        }
        boolean anyAfter = basis.stream().map(BiomarkerResult::date).filter(Objects::nonNull)
                .anyMatch(d -> !d.isBefore(recurrence));
        if (anyAfter) {
            return;
        }
        c.add("retest-at-recurrence", Indicator.WARNING, "retest-recurrence",
                "Biomarkers predate the recurrence of " + recurrence + ": re-test ER/PR/HER2 on a metastasis",
                "All HER2/ER/PR results predate the recurrent/metastatic disease recorded on " + recurrence
                        + ". Receptor status changes between primary and metastasis in a real share of patients "
                        + "(ER 16 %, PR 40 %, HER2 10 % in Amir et al. 2012); biopsy an accessible metastasis.",
                basis, List.of(Suggestion.tests("Order ER/PR/HER2 on a metastasis biopsy",
                        TestOrder.HER2_IHC.because("Re-test at recurrence"),
                        TestOrder.ER_METASTASIS.because("Re-test at recurrence"),
                        TestOrder.PR_METASTASIS.because("Re-test at recurrence"))), false);
    }
}
