package org.oncofhir.therapy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.biomarkers.Her2Status;
import org.oncofhir.biomarkers.PatientBiomarkers;

/** Warnings about the biomarker results themselves: missing, equivocal, indeterminate, discordant, or outdated. */
final class TestingRules {

    /** How many unreadable parts a card names before it counts the rest. */
    private static final int LISTED = 8;

    private TestingRules() {}

    static void apply(RuleContext c) {
        Phenotype p = c.phenotype;
        Her2Status her2 = p.her2().status();
        if (her2 == Her2Status.UNKNOWN) {
            c.card(Topic.BIOMARKER_TESTING, "her2-missing", Indicator.WARNING)
                    .evidence("asco-cap-her2")
                    .summary("No HER2 result on record: test HER2 before choosing therapy")
                    .reasoning(
                            "No final HER2 IHC or ISH result was found. HER2 status decides anti-HER2 therapy eligibility.")
                    .suggest(Suggestion.tests(
                            "Order HER2 IHC", TestOrder.HER2_IHC.because("HER2 status not on record")));
        } else if (p.her2().needsReflexIsh() && c.facts.biomarkers().her2Ish().isEmpty()) {
            c.card(Topic.BIOMARKER_TESTING, "her2-ihc2-needs-ish", Indicator.WARNING)
                    .evidence("asco-cap-her2")
                    .summary("HER2 IHC 2+ (equivocal) without ISH: order reflex ISH")
                    .reasoning(
                            p.her2().reasoning() + " Until ISH is resulted, HER2-directed therapy cannot be decided.")
                    .basis(p.her2Basis())
                    .suggest(Suggestion.tests(
                            "Order reflex HER2 ISH on the same specimen",
                            TestOrder.HER2_ISH.because("Reflex ISH for HER2 IHC 2+ (ASCO/CAP 2018)")));
        } else if (her2 == Her2Status.EQUIVOCAL_PENDING || her2 == Her2Status.INDETERMINATE) {
            c.card(Topic.BIOMARKER_TESTING, "her2-unresolved", Indicator.WARNING)
                    .evidence("asco-cap-her2")
                    .summary("HER2 status not resolved: " + c.her2Text())
                    .reasoning(p.her2().reasoning())
                    .basis(p.her2Basis())
                    .suggest(
                            Suggestion.tests("Order HER2 IHC", TestOrder.HER2_IHC.because("HER2 status not resolved")));
        }
        List<TestOrder> receptorTests = new ArrayList<>();
        if (c.facts.biomarkers().estrogenReceptor().isEmpty()) {
            receptorTests.add(TestOrder.ER.because("ER status not on record"));
        }
        if (c.facts.biomarkers().progesteroneReceptor().isEmpty()) {
            receptorTests.add(TestOrder.PR.because("PR status not on record"));
        }
        if (!receptorTests.isEmpty()) {
            c.card(Topic.BIOMARKER_TESTING, "hr-missing", Indicator.WARNING)
                    .evidence("asco-cap-er-pr")
                    .summary("No "
                            + (receptorTests.size() == 2
                                    ? "ER/PR"
                                    : receptorTests.get(0).code().equals("85337-4") ? "ER" : "PR")
                            + " result on record: test before choosing endocrine therapy")
                    .reasoning("Hormone receptor status (" + p.hormoneText() + ") decides endocrine therapy.")
                    .basis(p.hormoneBasis())
                    .suggest(Suggestion.tests("Order receptor testing", receptorTests.toArray(TestOrder[]::new)));
        }
        contradictory(c, "ER", c.facts.biomarkers().estrogenReceptor());
        contradictory(c, "PR", c.facts.biomarkers().progesteroneReceptor());
        if (!c.facts.biomarkers().discordances().isEmpty()) {
            c.card(Topic.BIOMARKER_TESTING, "discordant-results", Indicator.WARNING)
                    .evidence("retest-recurrence")
                    .summary("Discordant biomarker results: the most recent is used")
                    .reasoning(String.join("\n", c.facts.biomarkers().discordances())
                            + "\nConfirm which result should govern before therapy is chosen or left out: multidisciplinary "
                            + "review (in recurrent disease a metastasis result usually prevails over the primary).")
                    .basis(p.her2AndHormoneBasis());
        }
        retestAtRecurrence(c);
        withdrawn(c);
    }

    /**
     * A withdrawn result is never used, but a decision (or an order) may have rested on it: say so once per marker,
     * with what the marker rests on now (with or without a breast cancer diagnosis on record, on order checks too).
     * A warning while the withdrawn result is the marker's latest; information once a newer result replaced it.
     */
    static void withdrawn(RuleContext c) {
        Phenotype p = c.phenotype;
        Map<String, BiomarkerResult<String>> latestPerMarker = new LinkedHashMap<>();
        for (BiomarkerResult<String> result : c.facts.biomarkers().retracted()) {
            latestPerMarker.merge(result.value(), result, (a, b) -> newer(a, b) ? a : b);
        }
        for (BiomarkerResult<String> result : latestPerMarker.values()) {
            String marker = result.value();
            boolean her2 = marker.startsWith("HER2");
            boolean pdL1 = marker.equals("PD-L1");
            Optional<? extends BiomarkerResult<?>> current = current(c.facts.biomarkers(), marker);
            boolean replaced = current.map(r -> newer(r, result)).orElse(false);
            String now = her2
                    ? "HER2 status now rests on the remaining results: " + c.her2Text()
                    : pdL1
                            ? "PD-L1 now rests on "
                                    + current.map(BiomarkerResult::citation).orElse("no result")
                            : "Hormone receptor status now rests on the remaining results: " + p.hormoneText();
            c.card(Topic.BIOMARKER_TESTING, "retracted-result", replaced ? Indicator.INFO : Indicator.WARNING)
                    .evidence(her2 ? "asco-cap-her2" : pdL1 ? "keytruda-label" : "asco-cap-er-pr")
                    .summary(marker + " result of " + (result.date() == null ? "unknown date" : result.date())
                            + " was withdrawn by the laboratory: not used")
                    .reasoning(result.citation() + " is marked entered-in-error or cancelled and is not used for any "
                            + "decision, nor is a result derived from it. " + now
                            + ". Review any order that was placed on the withdrawn result.")
                    .basis(her2 ? p.her2Basis() : pdL1 ? p.pdL1Basis() : p.hormoneBasis());
        }
    }

    /**
     * What the record holds but the reader could not understand (a local-only code, an unmapped diagnosis code, a
     * result value it cannot read): named on a card, so nobody takes its absence from the decisions for a fact.
     */
    static void notUnderstood(RuleContext c) {
        List<String> items = c.facts.notUnderstood();
        if (items.isEmpty()) {
            return;
        }
        String listed = String.join(" ", items.subList(0, Math.min(items.size(), LISTED)));
        String more = items.size() > LISTED ? " (and " + (items.size() - LISTED) + " more)" : "";
        c.card(Topic.RECORD, "record-not-understood", Indicator.WARNING)
                .evidence("fhir-coding")
                .summary(items.size() + (items.size() == 1 ? " part" : " parts")
                        + " of the record could not be read and were not used: check them")
                .reasoning(listed + more + " The other cards decide without these. Send them with a standard coding "
                        + "(LOINC, SNOMED CT, ICD-10-CM, RxNorm) or check them by hand.");
    }

    private static Optional<? extends BiomarkerResult<?>> current(PatientBiomarkers biomarkers, String marker) {
        return switch (marker) {
            case "HER2 IHC" -> biomarkers.her2Ihc();
            case "HER2 ISH" -> biomarkers.her2Ish();
            case "ER" -> biomarkers.estrogenReceptor();
            case "PR" -> biomarkers.progesteroneReceptor();
            default -> biomarkers.pdL1();
        };
    }

    /** Whether {@code a} is dated after {@code b} (a result without a date is not newer than anything). */
    private static boolean newer(BiomarkerResult<?> a, BiomarkerResult<?> b) {
        return a.date() != null && (b.date() == null || a.date().isAfter(b.date()));
    }

    /** A reported result that its own percent of stained nuclei contradicts: the percent decides, but it is flagged. */
    private static void contradictory(
            RuleContext c, String marker, Optional<BiomarkerResult<PatientBiomarkers.ReceptorReading>> result) {
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
            c.card(Topic.BIOMARKER_TESTING, "contradictory-" + marker.toLowerCase() + "-result", Indicator.WARNING)
                    .evidence("asco-cap-er-pr")
                    .summary(marker + " reported " + result.get().valueText() + " but " + percent
                            + " % of nuclei stained: check the report")
                    .reasoning(marker + " result " + result.get().citation() + " states " + percent
                            + " % of tumour nuclei staining, which "
                            + "under ASCO/CAP 2020 (< 1 % negative, 1-10 % ER low positive) contradicts the reported result. "
                            + "The percent is used; confirm with the pathologist.")
                    .basis(List.of(result.get()));
        }
    }

    /**
     * §4i: in recurrent disease, each of HER2, ER and PR whose latest result predates the recurrence (or has no date)
     * should be re-tested on a metastasis; without a recurrence date, the card asks to confirm instead.
     */
    private static void retestAtRecurrence(RuleContext c) {
        var b = c.facts.biomarkers();
        if (!c.facts.metastatic()
                || !c.facts.recurrenceRecorded()
                || c.phenotype.her2AndHormoneBasis().isEmpty()) {
            return;
        }
        LocalDate recurrence = c.facts.recurrenceDate();
        List<BiomarkerResult<?>> stale = new ArrayList<>();
        List<TestOrder> tests = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        Optional<? extends BiomarkerResult<?>> her2 = Stream.of(b.her2Ihc(), b.her2Ish())
                .flatMap(Optional::stream)
                .max(Comparator.comparing(r -> r.date() == null ? LocalDate.MIN : r.date()));
        predates(her2, recurrence, "HER2", TestOrder.HER2_IHC, stale, tests, markers);
        predates(b.estrogenReceptor(), recurrence, "ER", TestOrder.ER_METASTASIS, stale, tests, markers);
        predates(b.progesteroneReceptor(), recurrence, "PR", TestOrder.PR_METASTASIS, stale, tests, markers);
        if (tests.isEmpty()) {
            return;
        }
        String which = String.join("/", markers);
        String why =
                " Receptor status changes between primary and metastasis in a real share of patients (ER 16 %, PR 40 %,"
                        + " HER2 10 % in Amir et al. 2012); biopsy an accessible metastasis.";
        Suggestion order =
                Suggestion.tests("Order " + which + " on a metastasis biopsy", tests.toArray(TestOrder[]::new));
        if (recurrence == null) {
            c.card(Topic.BIOMARKER_TESTING, "retest-recurrence-date-unknown", Indicator.WARNING)
                    .evidence("retest-recurrence")
                    .summary("Recurrence recorded without a date: confirm " + which + " were tested on the metastasis")
                    .reasoning(
                            "A recurrence / secondary cancer is recorded without an onset date, so it cannot be told whether the "
                                    + which + " results come from the metastasis." + why)
                    .basis(stale)
                    .suggest(order);
            return;
        }
        c.card(Topic.BIOMARKER_TESTING, "retest-at-recurrence", Indicator.WARNING)
                .evidence("retest-recurrence")
                .summary(which + " results predate the recurrence of " + recurrence + ": re-test on a metastasis")
                .reasoning("The latest " + which + " results predate the recurrent/metastatic disease recorded on "
                        + recurrence + "." + why)
                .basis(stale)
                .suggest(order);
    }

    private static void predates(
            Optional<? extends BiomarkerResult<?>> result,
            LocalDate recurrence,
            String marker,
            TestOrder test,
            List<BiomarkerResult<?>> stale,
            List<TestOrder> tests,
            List<String> markers) {
        if (result.isPresent()
                && (recurrence == null
                        || result.get().date() == null
                        || result.get().date().isBefore(recurrence))) {
            stale.add(result.get());
            tests.add(test.because("Re-test at recurrence"));
            markers.add(marker);
        }
    }
}
