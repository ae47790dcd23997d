package org.oncofhir.biomarkers;

/** HER2 immunohistochemistry score (ASCO/CAP 2018, LOINC answer list LL4396-9). */
public enum IhcScore {
    ZERO,
    ONE_PLUS,
    TWO_PLUS,
    THREE_PLUS,
    INDETERMINATE
}
