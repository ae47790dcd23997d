package org.oncofhir.therapy;

import java.util.List;
import org.oncofhir.biomarkers.BiomarkerResult;

/**
 * Safety checks before HER2-directed antibodies and conjugates (clinical-knowledge.md §4h): a baseline LVEF
 * immediately before the start (missing, older than the label's 3-month monitoring interval, or below 50 % =
 * do not start), and pregnancy (boxed embryo-fetal toxicity: critical; not verified for a patient of reproductive
 * potential: a warning with a pregnancy test). A positive result stands until a newer one; a negative one only for
 * the policy's window.
 */
final class SafetyRules {

    static final double LVEF_DO_NOT_START_BELOW = 50.0;
    static final int LVEF_MONITORING_MONTHS = 3;

    private SafetyRules() {}

    /**
     * @param planned what is planned, for the card text ("suggested HER2-directed therapy", "draft order for ...")
     * @param orders draft orders to offer for removal (empty on patient-view)
     * @param trastuzumabDeruxtecan T-DXd is among what is planned: its boxed ILD warning gets a card of its own */
    static void apply(RuleContext c, String planned, List<String> orders, boolean trastuzumabDeruxtecan) {
        if (trastuzumabDeruxtecan) {
            c.card(Topic.SAFETY, "tdxd-ild-warning", Indicator.WARNING)
                    .evidence("enhertu-label")
                    .summary("Trastuzumab deruxtecan: boxed warning for interstitial lung disease / pneumonitis")
                    .reasoning(
                            "Trastuzumab deruxtecan carries a boxed warning for interstitial lung disease / pneumonitis. For "
                                    + planned
                                    + ": monitor for ILD; interrupt for suspected ILD (Grade 1: until back to Grade 0, "
                                    + "consider corticosteroids) and manage per the label.");
        }
        List<Suggestion> cancel =
                orders.isEmpty() ? List.of() : List.of(Suggestion.delete("Cancel the draft order", orders));
        BiomarkerResult<Boolean> pregnancy = c.facts.pregnant().orElse(null);
        boolean negativeStillValid = pregnancy != null
                && !pregnancy.value()
                && pregnancy.date() != null
                && !pregnancy.date().isBefore(c.facts.today().minusDays(c.policy.negativePregnancyTestValidDays()));
        if (c.facts.ofReproductivePotential() && (pregnancy == null || !pregnancy.value() && !negativeStillValid)) {
            c.card(Topic.SAFETY, "pregnancy-status-unknown", Indicator.WARNING)
                    .evidence("herceptin-label")
                    .summary("Pregnancy status not verified: verify before starting HER2-directed therapy")
                    .reasoning((pregnancy == null
                                    ? "No pregnancy status is on record"
                                    : "The last negative result, " + pregnancy.citation() + ", is older than "
                                            + c.policy.negativePregnancyTestValidDays() + " days (local policy)")
                            + " for a patient of reproductive potential (not postmenopausal). The labels of "
                            + "trastuzumab, pertuzumab, T-DM1 and trastuzumab deruxtecan carry a boxed embryo-fetal "
                            + "toxicity warning and ask to verify pregnancy status before starting " + planned + ".")
                    .basis(pregnancy == null ? List.of() : List.of(pregnancy))
                    .holds(Rx.HER2_DIRECTED_BIOLOGICS, "after pregnancy status is verified")
                    .suggest(Suggestion.tests(
                            "Order a pregnancy test",
                            TestOrder.PREGNANCY_TEST.because("Verify pregnancy status before HER2-directed therapy")));
        }
        if (pregnancy != null && pregnancy.value()) {
            c.card(Topic.SAFETY, "pregnancy-her2-therapy", Indicator.CRITICAL)
                    .evidence("herceptin-label")
                    .summary("Pregnant: HER2-directed therapy carries a boxed embryo-fetal toxicity warning")
                    .reasoning("Pregnancy status positive: " + pregnancy.citation()
                            + ". Trastuzumab (all forms), pertuzumab, T-DM1 "
                            + "and trastuzumab deruxtecan can cause embryo-fetal harm; " + planned + " needs review.")
                    .basis(List.of(pregnancy))
                    .holds(Rx.HER2_DIRECTED_BIOLOGICS, "pregnant, boxed embryo-fetal toxicity")
                    .suggest(cancel);
        }
        BiomarkerResult<Double> lvef = c.facts.lvefPercent().orElse(null);
        if (lvef == null) {
            c.card(Topic.SAFETY, "lvef-missing", Indicator.WARNING)
                    .evidence("herceptin-label")
                    .summary("No LVEF on record: measure baseline LVEF before HER2-directed therapy")
                    .reasoning(
                            "Baseline LVEF (echocardiogram or MUGA) is required immediately before starting trastuzumab-based "
                                    + "therapy; none was found for " + planned + ".")
                    .holds(Rx.HER2_DIRECTED_BIOLOGICS, "after a baseline LVEF")
                    .suggest(Suggestion.tests(
                            "Order baseline LVEF", TestOrder.LVEF.because("Baseline before HER2-directed therapy")));
        } else if (lvef.value() < LVEF_DO_NOT_START_BELOW) {
            c.card(Topic.SAFETY, "lvef-low", Indicator.CRITICAL)
                    .evidence("herceptin-label")
                    .summary("LVEF " + format(lvef.value())
                            + " % (< 50 %): do not start HER2-directed therapy without cardiology review")
                    .reasoning("Most recent LVEF: " + lvef.citation()
                            + ", below 50 %. Trastuzumab and pertuzumab carry a boxed "
                            + "warning for left-ventricular dysfunction; " + planned + " should not start.")
                    .basis(List.of(lvef))
                    .holds(Rx.HER2_DIRECTED_BIOLOGICS, "LVEF below 50 %, after cardiology review")
                    .suggest(cancel);
        } else if (lvef.date() != null && lvef.date().isBefore(c.facts.today().minusMonths(LVEF_MONITORING_MONTHS))) {
            c.card(Topic.SAFETY, "lvef-stale", Indicator.WARNING)
                    .evidence("herceptin-label")
                    .summary("LVEF older than 3 months: repeat baseline LVEF before HER2-directed therapy")
                    .reasoning("Most recent LVEF: " + lvef.citation()
                            + ". Baseline LVEF should be measured immediately before the "
                            + "start; the label's monitoring interval is 3 months.")
                    .basis(List.of(lvef))
                    .holds(Rx.HER2_DIRECTED_BIOLOGICS, "after a repeat baseline LVEF")
                    .suggest(Suggestion.tests(
                            "Order baseline LVEF",
                            TestOrder.LVEF.because("Repeat baseline before HER2-directed therapy")));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
