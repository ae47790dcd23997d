package org.oncofhir.biomarkers;

/**
 * A HER2 IHC result as reported. {@code score} is null when the source gave only positive/negative (mCODE,
 * Synthea), which {@code reportedPositive} then carries; {@code stainedPercent} (0-100) is null when not reported.
 */
public record Her2Ihc(IhcScore score, Boolean reportedPositive, Double stainedPercent) {

    public static Her2Ihc scored(IhcScore score, Double stainedPercent) {
        return new Her2Ihc(score, null, stainedPercent);
    }

    public static Her2Ihc positiveNegativeOnly(boolean positive) {
        return new Her2Ihc(null, positive, null);
    }
}
