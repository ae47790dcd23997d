package org.oncofhir.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * What in a record looks like something the rules read, by its words, but is coded in a way no recognition
 * ConceptMap knows: a local-only HER2 code, a breast-cancer diagnosis in an unmapped code, a chemotherapy procedure
 * under a local code, a drug under a local code. The cards name these instead of deciding as if they were absent.
 */
final class Unrecognised {

    private static final Recognition R = Recognition.standard();
    private static final Pattern RESULT_WORDS = Pattern.compile(
            "(?i)(HER-?2|ERBB2|estrogen|oestrogen|progesterone|hormone receptor|PD-?L1|ejection fraction|LVEF"
                    + "|pregnan|menopaus|stage group|\\bAJCC\\b)");
    private static final Pattern DIAGNOSIS_WORDS =
            Pattern.compile("(?i)(breast|mamma|metasta|secondary (and unspecified )?malignant|pregnan)");
    private static final Pattern TREATMENT_WORDS = Pattern.compile("(?i)(chemotherap|antineoplastic|cytotoxic)");

    private Unrecognised() {}

    static List<String> in(PatientRecord record, MedicationReader medications) {
        List<String> named = new ArrayList<>();
        record.observations().stream()
                .filter(FhirFacts::counts)
                .filter(o -> !recognised(o.getCode(), Fact.Kind.OBSERVATION) && mentions(o.getCode(), RESULT_WORDS))
                .forEach(o -> named.add(unread("Observation", o.getIdPart(), o.getCode())));
        record.conditions().stream()
                .filter(DiagnosisReader::stands)
                .filter(c -> !recognised(c.getCode(), Fact.Kind.CONDITION)
                        && !R.means(c.getCode(), Fact.PREGNANT)
                        && !DiagnosisReader.isSecondaryCancer(c)
                        && Stream.concat(Stream.of(c.getCode()), c.getBodySite().stream())
                                .anyMatch(concept -> mentions(concept, DIAGNOSIS_WORDS)))
                .forEach(c -> named.add(unread("Condition", c.getIdPart(), c.getCode())));
        record.procedures().stream()
                .filter(p -> !R.means(p.getCode(), Fact.CHEMOTHERAPY) && mentions(p.getCode(), TREATMENT_WORDS))
                .forEach(p -> named.add(unread("Procedure", p.getIdPart(), p.getCode())));
        named.addAll(medications.unrecognised(record));
        return named;
    }

    private static boolean recognised(CodeableConcept concept, Fact.Kind kind) {
        return Stream.of(Fact.values()).filter(f -> f.kind() == kind).anyMatch(f -> R.means(concept, f));
    }

    private static boolean mentions(CodeableConcept concept, Pattern words) {
        return Stream.concat(
                        Stream.of(concept.getText()),
                        concept.getCoding().stream().map(Coding::getDisplay))
                .anyMatch(text -> text != null && words.matcher(text).find());
    }

    private static String unread(String type, String id, CodeableConcept code) {
        return type + (id == null ? "" : "/" + id) + " " + FhirFacts.describe(code)
                + " is not coded in a way OncoFHIR recognises, so it was not used.";
    }
}
