package org.oncofhir.biomarkers;

/**
 * The HER2 status reached and why, in words a card can show: which rule of ASCO/CAP 2018/2023 decided it, or what
 * is missing.
 */
public record Her2Assessment(Her2Status status, String reasoning) {

    /** IHC 2+ with no ISH: a reflex ISH on the same specimen is required (ASCO/CAP 2018 Fig. 1). */
    public boolean needsReflexIsh() {
        return status == Her2Status.EQUIVOCAL_PENDING;
    }
}
