package org.oncofhir.therapy;

import java.util.List;
import org.oncofhir.biomarkers.BiomarkerResult;

/**
 * Safety checks before HER2-directed antibodies and conjugates (clinical-knowledge.md §4h): a baseline LVEF
 * immediately before the start (missing, older than the label's 3-month monitoring interval, or below 50 % =
 * do not start), and pregnancy (boxed embryo-fetal toxicity: critical).
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
            c.add("tdxd-ild-warning", Indicator.WARNING, "enhertu-label",
                    "Trastuzumab deruxtecan: boxed warning for interstitial lung disease / pneumonitis",
                    "Trastuzumab deruxtecan carries a boxed warning for interstitial lung disease / pneumonitis. For "
                            + planned + ": monitor for ILD; interrupt for suspected ILD (Grade 1: until back to Grade 0, "
                            + "consider corticosteroids) and manage per the label.", List.of(), List.of(), false);
        }
        List<Suggestion> cancel = orders.isEmpty() ? List.of() : List.of(Suggestion.delete("Cancel the draft order", orders));
        BiomarkerResult<Boolean> pregnancy = c.facts.pregnant().orElse(null);
        if (pregnancy != null && pregnancy.value()) {
            c.add("pregnancy-her2-therapy", Indicator.CRITICAL, "herceptin-label",
                    "Pregnant: HER2-directed therapy carries a boxed embryo-fetal toxicity warning",
                    "Pregnancy status positive: " + pregnancy.citation() + ". Trastuzumab (all forms), pertuzumab, T-DM1 "
                            + "and trastuzumab deruxtecan can cause embryo-fetal harm; " + planned + " needs review.",
                    List.of(pregnancy), cancel, false);
        }
        BiomarkerResult<Double> lvef = c.facts.lvefPercent().orElse(null);
        if (lvef == null) {
            c.add("lvef-missing", Indicator.WARNING, "herceptin-label", "No LVEF on record: measure baseline LVEF before HER2-directed therapy",
                    "Baseline LVEF (echocardiogram or MUGA) is required immediately before starting trastuzumab-based "
                            + "therapy; none was found for " + planned + ".", List.of(),
                    List.of(Suggestion.tests("Order baseline LVEF", TestOrder.LVEF.because("Baseline before HER2-directed therapy"))),
                    false);
        } else if (lvef.value() < LVEF_DO_NOT_START_BELOW) {
            c.add("lvef-low", Indicator.CRITICAL, "herceptin-label",
                    "LVEF " + format(lvef.value()) + " % (< 50 %): do not start HER2-directed therapy without cardiology review",
                    "Most recent LVEF: " + lvef.citation() + ", below 50 %. Trastuzumab and pertuzumab carry a boxed "
                            + "warning for left-ventricular dysfunction; " + planned + " should not start.",
                    List.of(lvef), cancel, false);
        } else if (lvef.date() != null && lvef.date().isBefore(c.facts.today().minusMonths(LVEF_MONITORING_MONTHS))) {
            c.add("lvef-stale", Indicator.WARNING, "herceptin-label",
                    "LVEF older than 3 months: repeat baseline LVEF before HER2-directed therapy",
                    "Most recent LVEF: " + lvef.citation() + ". Baseline LVEF should be measured immediately before the "
                            + "start; the label's monitoring interval is 3 months.", List.of(lvef),
                    List.of(Suggestion.tests("Order baseline LVEF", TestOrder.LVEF.because("Repeat baseline before HER2-directed therapy"))),
                    false);
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
