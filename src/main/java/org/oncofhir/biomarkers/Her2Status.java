package org.oncofhir.biomarkers;

/**
 * Overall HER2 status. The first five are the codes of our {@code her2-status} CodeSystem; the others name the
 * situations where the data do not settle the status, which the CDS reports instead of guessing.
 */
public enum Her2Status {
    POSITIVE("positive"),
    LOW("low"),
    ULTRALOW("ultralow"),
    ZERO("zero"),
    EQUIVOCAL_PENDING("equivocal-pending"),
    /** HER2-negative as reported, but without an IHC score: low/ultralow/0 cannot be told apart. */
    NEGATIVE_SCORE_NOT_REPORTED(null),
    /** IHC 0 without the percent of stained cells: ultralow cannot be told from 0. */
    ZERO_OR_ULTRALOW(null),
    /** Technical failure (IHC indeterminate) with no ISH to settle it. */
    INDETERMINATE(null),
    /** No HER2 result at all. */
    UNKNOWN(null);

    private final String code;

    Her2Status(String code) {
        this.code = code;
    }

    /** The {@code her2-status} CodeSystem code, or null where the status is not settled. */
    public String code() {
        return code;
    }

    /** HER2-positive disease: the only status that qualifies for trastuzumab, pertuzumab or T-DM1. */
    public boolean isPositive() {
        return this == POSITIVE;
    }

    /** HER2-low or HER2-ultralow: the T-DXd categories (DESTINY-Breast04/06), never trastuzumab/pertuzumab/T-DM1. */
    public boolean isLowOrUltralow() {
        return this == LOW || this == ULTRALOW;
    }

    /** Known to be HER2-negative (any of low, ultralow, 0, or negative without a score). */
    public boolean isNegative() {
        return this == LOW || this == ULTRALOW || this == ZERO || this == NEGATIVE_SCORE_NOT_REPORTED
                || this == ZERO_OR_ULTRALOW;
    }
}
