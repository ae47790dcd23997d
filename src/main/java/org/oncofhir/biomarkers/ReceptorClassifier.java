package org.oncofhir.biomarkers;

/**
 * ER and PR status from the percent of tumour nuclei staining (ASCO/CAP 2020): under 1 % negative; ER 1-10 % low
 * positive; otherwise positive. Without a percent, the reported positive/negative is used as given.
 */
public final class ReceptorClassifier {

    static final double POSITIVE_FROM_PERCENT = 1.0;
    static final double ER_LOW_POSITIVE_MAX_PERCENT = 10.0;

    private ReceptorClassifier() {}

    public static ReceptorStatus estrogen(Double percent, Boolean reportedPositive) {
        if (percent != null && percent >= POSITIVE_FROM_PERCENT && percent <= ER_LOW_POSITIVE_MAX_PERCENT) {
            return ReceptorStatus.LOW_POSITIVE;
        }
        return progesterone(percent, reportedPositive);
    }

    public static ReceptorStatus progesterone(Double percent, Boolean reportedPositive) {
        if (percent != null) {
            return percent >= POSITIVE_FROM_PERCENT ? ReceptorStatus.POSITIVE : ReceptorStatus.NEGATIVE;
        }
        if (reportedPositive == null) {
            return ReceptorStatus.UNKNOWN;
        }
        return reportedPositive ? ReceptorStatus.POSITIVE : ReceptorStatus.NEGATIVE;
    }

    /** Triple-negative: HER2-negative, ER negative (< 1 %) and PR negative (< 1 %). */
    public static boolean tripleNegative(Her2Status her2, ReceptorStatus er, ReceptorStatus pr) {
        return her2.isNegative() && er == ReceptorStatus.NEGATIVE && pr == ReceptorStatus.NEGATIVE;
    }
}
