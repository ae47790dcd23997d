package org.oncofhir.biomarkers;

/**
 * ASCO/CAP 2018 dual-probe ISH groups (clinical-knowledge.md §4b). Thresholds are inclusive as written: ratio
 * {@code >= 2.0}; average HER2 copy number {@code >= 4.0} and {@code >= 6.0}.
 */
public enum IshGroup {
    /** Ratio >= 2.0, HER2 >= 4.0: ISH positive. */
    GROUP_1,
    /** Ratio >= 2.0, HER2 < 4.0: resolved by concurrent IHC. */
    GROUP_2,
    /** Ratio < 2.0, HER2 >= 6.0: resolved by concurrent IHC. */
    GROUP_3,
    /** Ratio < 2.0, HER2 >= 4.0 and < 6.0: resolved by concurrent IHC. */
    GROUP_4,
    /** Ratio < 2.0, HER2 < 4.0: ISH negative. */
    GROUP_5;

    static final double RATIO_CUTOFF = 2.0;
    static final double COPIES_LOW = 4.0;
    static final double COPIES_HIGH = 6.0;

    public static IshGroup classify(double her2Cep17Ratio, double her2CopiesPerCell) {
        if (her2Cep17Ratio >= RATIO_CUTOFF) {
            return her2CopiesPerCell >= COPIES_LOW ? GROUP_1 : GROUP_2;
        }
        if (her2CopiesPerCell >= COPIES_HIGH) {
            return GROUP_3;
        }
        return her2CopiesPerCell >= COPIES_LOW ? GROUP_4 : GROUP_5;
    }

    /** Groups 2-4 need the concurrent IHC on the same tissue to reach a result. */
    public boolean needsConcurrentIhc() {
        return this == GROUP_2 || this == GROUP_3 || this == GROUP_4;
    }
}
