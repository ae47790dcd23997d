package org.oncofhir.codes;

/** The code-system URIs OncoFHIR reads and writes, each declared once (clinical-knowledge.md Part A). */
public final class CodeSystems {

    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public static final String UCUM = "http://unitsofmeasure.org";
    /** The canonical base of everything OncoFHIR publishes (profiles, value sets, its own code systems). */
    public static final String CANONICAL_BASE = "http://oncofhir.org/fhir";

    private CodeSystems() {}

    /** One of OncoFHIR's own code systems, by name ({@code biomarker-component} ...). */
    public static String own(String name) {
        return CANONICAL_BASE + "/CodeSystem/" + name;
    }
}
