package org.oncofhir.therapy;

/** What a card is about (CDS Hooks Source.topic), as OncoFHIR's {@code card-topic} CodeSystem names it. */
public enum Topic {
    HER2_THERAPY("her2-therapy", "HER2-directed therapy"),
    ENDOCRINE_THERAPY("endocrine-therapy", "Endocrine therapy"),
    IMMUNOTHERAPY("immunotherapy", "Immune checkpoint inhibitor therapy"),
    SAFETY("safety", "Safety before or during therapy"),
    BIOMARKER_TESTING("biomarker-testing", "Biomarker testing"),
    ORDER_CHECK("order-check", "Check of a draft order"),
    RECORD("record", "What the record holds");

    private final String code;
    private final String display;

    Topic(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }
}
