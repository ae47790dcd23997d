package org.oncofhir.biomarkers;

/**
 * Overall HER2 status. The first five match the codes of our {@code her2-status} CodeSystem; the others name the
 * situations where the data do not settle the status, which the CDS reports instead of guessing.
 */
public enum Her2Status {
    POSITIVE,
    LOW,
    ULTRALOW,
    ZERO,
    EQUIVOCAL_PENDING,
    /** HER2-negative as reported, but without an IHC score: low/ultralow/0 cannot be told apart. */
    NEGATIVE_SCORE_NOT_REPORTED,
    /** IHC 0 without the percent of stained cells: ultralow cannot be told from 0. */
    ZERO_OR_ULTRALOW,
    /** Technical failure (IHC indeterminate) with no ISH to settle it. */
    INDETERMINATE,
    /** No HER2 result at all. */
    UNKNOWN;

    /** Known to be HER2-negative (any of low, ultralow, 0, or negative without a score). */
    public boolean isNegative() {
        return this == LOW
                || this == ULTRALOW
                || this == ZERO
                || this == NEGATIVE_SCORE_NOT_REPORTED
                || this == ZERO_OR_ULTRALOW;
    }
}
