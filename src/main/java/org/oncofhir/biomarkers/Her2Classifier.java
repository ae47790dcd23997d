package org.oncofhir.biomarkers;

/**
 * HER2 status from the IHC and ISH results of one specimen, per ASCO/CAP 2018 (affirmed 2023): IHC 3+ or ISH
 * positive is HER2-positive; ISH groups 2-4 are resolved with the concurrent IHC; HER2-low is IHC 1+ or IHC 2+ with
 * ISH negative; HER2-ultralow is IHC 0 with membrane staining in more than 0% and at most 10% of tumour cells
 * (clinical-knowledge.md §4a, §4b, §4d). Group counts are taken as final (after any recount the lab performed).
 */
public final class Her2Classifier {

    static final double ULTRALOW_MAX_PERCENT = 10.0;

    private Her2Classifier() {}

    /** Either argument may be null (not reported). */
    public static Her2Assessment classify(Her2Ihc ihc, Her2Ish ish) {
        if (ihc == null && ish == null) {
            return new Her2Assessment(Her2Status.UNKNOWN, "No HER2 IHC or ISH result.");
        }
        IhcScore score = ihc == null ? null : ihc.score();
        if (score == IhcScore.THREE_PLUS) {
            return new Her2Assessment(Her2Status.POSITIVE, "IHC 3+ is HER2-positive (ASCO/CAP 2018).");
        }
        if (ish != null) {
            Boolean amplified = ishPositive(ish, score);
            if (Boolean.TRUE.equals(amplified)) {
                return new Her2Assessment(
                        Her2Status.POSITIVE, "ISH positive" + groupText(ish) + " is HER2-positive (ASCO/CAP 2018).");
            }
            if (Boolean.FALSE.equals(amplified)) {
                return negativeByIhc(ihc, "ISH negative" + groupText(ish));
            }
            return new Her2Assessment(
                    Her2Status.EQUIVOCAL_PENDING,
                    ish.group() != null
                            ? "ISH" + groupText(ish)
                                    + " needs the concurrent IHC score to reach a result (ASCO/CAP 2018)."
                            : "ISH reported without counts or a positive/negative result: the final pathology status is needed.");
        }
        if (score == null) {
            return Boolean.TRUE.equals(ihc.reportedPositive())
                    ? new Her2Assessment(Her2Status.POSITIVE, "HER2 IHC reported positive (no IHC score reported).")
                    : new Her2Assessment(
                            Her2Status.NEGATIVE_SCORE_NOT_REPORTED,
                            "HER2 IHC reported negative without an IHC score: HER2-low/ultralow/0 cannot be determined.");
        }
        return switch (score) {
            case TWO_PLUS -> new Her2Assessment(
                    Her2Status.EQUIVOCAL_PENDING,
                    "IHC 2+ is equivocal: reflex ISH on the same specimen is required (ASCO/CAP 2018).");
            case INDETERMINATE -> new Her2Assessment(
                    Her2Status.INDETERMINATE,
                    "IHC indeterminate and no ISH: HER2 status cannot be determined; repeat testing is needed.");
            default -> negativeByIhc(ihc, "No ISH");
        };
    }

    /** ISH amplification: group 1 positive, group 5 negative, groups 2-4 by concurrent IHC; null if unresolved. */
    private static Boolean ishPositive(Her2Ish ish, IhcScore score) {
        IshGroup group = ish.group();
        if (group == null) {
            return ish.reportedAmplified();
        }
        return switch (group) {
            case GROUP_1 -> true;
            case GROUP_5 -> false;
            case GROUP_2, GROUP_3, GROUP_4 -> {
                if (score == null || score == IhcScore.INDETERMINATE) {
                    yield null;
                }
                // IHC 2+ after recount: group 3 is positive, groups 2 and 4 negative with comment; IHC 0/1+: negative.
                yield score == IhcScore.TWO_PLUS && group == IshGroup.GROUP_3;
            }
        };
    }

    /** HER2-negative: low, ultralow or 0 by the IHC score and stained percent. */
    private static Her2Assessment negativeByIhc(Her2Ihc ihc, String because) {
        IhcScore score = ihc == null ? null : ihc.score();
        if (score == IhcScore.ONE_PLUS || score == IhcScore.TWO_PLUS) {
            return new Her2Assessment(
                    Her2Status.LOW,
                    because + " with IHC " + (score == IhcScore.ONE_PLUS ? "1+" : "2+") + " is HER2-low.");
        }
        if (score != IhcScore.ZERO) {
            return new Her2Assessment(
                    Her2Status.NEGATIVE_SCORE_NOT_REPORTED,
                    because + " without an IHC score: HER2-low/ultralow/0 cannot be determined.");
        }
        Double percent = ihc.stainedPercent();
        if (percent == null) {
            return new Her2Assessment(
                    Her2Status.ZERO_OR_ULTRALOW,
                    because
                            + ", IHC 0 without the percent of stained cells: HER2-ultralow cannot be told from HER2-0.");
        }
        if (percent == 0) {
            return new Her2Assessment(Her2Status.ZERO, because + ", IHC 0 with no membrane staining is HER2-0 (null).");
        }
        if (percent <= ULTRALOW_MAX_PERCENT) {
            return new Her2Assessment(
                    Her2Status.ULTRALOW,
                    because + ", IHC 0 with faint staining in " + percent
                            + "% (>0-10%) of tumour cells is HER2-ultralow.");
        }
        return new Her2Assessment(
                Her2Status.INDETERMINATE,
                because + ", IHC 0 with staining in " + percent
                        + "% of cells contradicts the score (IHC 0 allows at most 10%): the pathology report needs review.");
    }

    private static String groupText(Her2Ish ish) {
        IshGroup group = ish.group();
        return group == null
                ? ""
                : " (ASCO/CAP group " + (group.ordinal() + 1) + ", ratio " + ish.ratio() + ", HER2 "
                        + ish.her2CopiesPerCell() + " signals/cell)";
    }
}
