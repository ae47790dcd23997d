package org.oncofhir.biomarkers;

/** ER or PR status per ASCO/CAP 2020 (clinical-knowledge.md §4c). */
public enum ReceptorStatus {
    POSITIVE,
    /** ER 1-10 %: positive, with limited data on endocrine benefit. Not used for PR. */
    LOW_POSITIVE,
    NEGATIVE,
    UNKNOWN
}
