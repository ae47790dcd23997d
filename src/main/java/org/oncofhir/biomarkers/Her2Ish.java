package org.oncofhir.biomarkers;

/**
 * A dual-probe HER2 ISH result. {@code ratio} and {@code her2CopiesPerCell} are null when the report gave only an
 * interpretation; {@code reportedAmplified} is that interpretation (null when absent or legacy "equivocal").
 */
public record Her2Ish(Double ratio, Double her2CopiesPerCell, Boolean reportedAmplified) {

    /** The ASCO/CAP group, when the counts were reported. */
    public IshGroup group() {
        return ratio == null || her2CopiesPerCell == null ? null : IshGroup.classify(ratio, her2CopiesPerCell);
    }
}
