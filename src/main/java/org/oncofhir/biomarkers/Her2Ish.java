package org.oncofhir.biomarkers;

/**
 * A dual-probe HER2 ISH result. {@code ratio} and {@code her2CopiesPerCell} are null when the report gave only an
 * interpretation; {@code reportedAmplified} is that interpretation (null when absent or legacy "equivocal").
 */
public record Her2Ish(Double ratio, Double her2CopiesPerCell, Boolean reportedAmplified) {

    public static Her2Ish counted(double ratio, double her2CopiesPerCell) {
        return new Her2Ish(ratio, her2CopiesPerCell, null);
    }

    public static Her2Ish interpretationOnly(Boolean amplified) {
        return new Her2Ish(null, null, amplified);
    }

    /** The ASCO/CAP group, when the counts were reported. */
    public IshGroup group() {
        return ratio == null || her2CopiesPerCell == null ? null : IshGroup.classify(ratio, her2CopiesPerCell);
    }
}
