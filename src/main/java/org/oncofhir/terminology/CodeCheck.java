package org.oncofhir.terminology;

import org.hl7.fhir.r4.model.Coding;

/**
 * The answer of {@code $validate-code}: whether the concept is valid, the concept it matched (system, code, version
 * and the display this server holds for it) and, when there is something to say, the issue: an error when invalid,
 * a warning when valid but questionable (e.g. a code outside the fragment OncoFHIR holds of an external system).
 *
 * @param issue the kind of issue, a code of the HL7 tooling {@code tx-issue-type} CodeSystem; null with no message
 * @param element the part of the coding the issue is about: {@code code} or {@code display}
 * @param index which of the codings sent the issue is about
 */
public record CodeCheck(boolean valid, Coding concept, String message, String issue, String element, int index) {

    static CodeCheck valid(Coding concept) {
        return new CodeCheck(true, concept, null, null, null, 0);
    }

    static CodeCheck invalid(Coding concept, String issue, String element, String message) {
        return new CodeCheck(false, concept, message, issue, element, 0);
    }

    static CodeCheck warning(Coding concept, String issue, String message) {
        return new CodeCheck(true, concept, message, issue, "code", 0);
    }

    CodeCheck at(int codingIndex) {
        return new CodeCheck(valid, concept, message, issue, element, codingIndex);
    }
}
