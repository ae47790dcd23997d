package org.oncofhir.therapy;

/** Urgency of a card, as CDS Hooks names it; declared from most to least urgent. */
public enum Indicator {
    CRITICAL,
    WARNING,
    INFO
}
