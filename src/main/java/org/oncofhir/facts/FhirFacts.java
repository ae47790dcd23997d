package org.oncofhir.facts;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.oncofhir.biomarkers.BiomarkerResult;
import org.oncofhir.codes.CodeSystems;

/** Small readings of FHIR Observations shared by the biomarker and clinical-setting readers. */
final class FhirFacts {

    private static final Map<String, String> SYSTEM_NAMES = Map.of(
            CodeSystems.LOINC, "LOINC",
            CodeSystems.SNOMED, "SNOMED CT");

    private static final Set<Observation.ObservationStatus> COUNTED = Set.of(
            Observation.ObservationStatus.FINAL,
            Observation.ObservationStatus.AMENDED,
            Observation.ObservationStatus.CORRECTED);

    private FhirFacts() {}

    /** A result the laboratory withdrew: entered in error, or cancelled. */
    static boolean withdrawn(Observation o) {
        return o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || o.getStatus() == Observation.ObservationStatus.CANCELLED;
    }

    /** Only final, amended and corrected results count (clinical-knowledge.md A4). */
    static boolean counts(Observation o) {
        return COUNTED.contains(o.getStatus());
    }

    static <T> BiomarkerResult<T> result(Observation o, T value) {
        String id =
                o.getIdElement().hasIdPart() ? "Observation/" + o.getIdElement().getIdPart() : null;
        return new BiomarkerResult<>(value, id, codeText(o.getCode()), valueText(o), effective(o));
    }

    /** "LOINC 85319-2": the standard coding (LOINC, SNOMED CT) a sender put beside its local one, else the first. */
    static String codeText(CodeableConcept concept) {
        Coding code = concept.getCoding().stream()
                .filter(c -> SYSTEM_NAMES.containsKey(c.getSystem()))
                .findFirst()
                .orElse(concept.getCodingFirstRep());
        if (!code.hasCode()) {
            return concept.hasText() ? "'" + concept.getText() + "'" : "(no code)";
        }
        return SYSTEM_NAMES.getOrDefault(code.getSystem(), code.getSystem()) + " " + code.getCode();
    }

    /** How a card names a concept it could not read: its text or display, and every code it carries. */
    static String describe(CodeableConcept concept) {
        String name = concept.hasText()
                ? concept.getText()
                : concept.getCoding().stream()
                        .filter(Coding::hasDisplay)
                        .map(Coding::getDisplay)
                        .findFirst()
                        .orElse("");
        String codes = concept.getCoding().stream()
                .map(c -> SYSTEM_NAMES.getOrDefault(c.getSystem(), c.getSystem()) + " " + c.getCode())
                .collect(Collectors.joining(", "));
        return "'" + name + "'" + (codes.isEmpty() ? " (no code)" : " (" + codes + ")");
    }

    /** When a Condition began (onset), else when it was recorded; null when neither is given. */
    static OffsetDateTime recorded(Condition c) {
        if (c.hasOnsetDateTimeType() && c.getOnsetDateTimeType().getValue() != null) {
            return c.getOnsetDateTimeType().getValue().toInstant().atOffset(ZoneOffset.UTC);
        }
        return c.hasRecordedDate() ? c.getRecordedDate().toInstant().atOffset(ZoneOffset.UTC) : null;
    }

    static boolean hasCode(CodeableConcept concept, String system, Set<String> codes) {
        return concept.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && codes.contains(c.getCode()));
    }

    /** TRUE for a value that means positive (answer-facts ConceptMap), FALSE for negative, null for anything else. */
    static Boolean positive(CodeableConcept value) {
        return yesNo(value, Fact.POSITIVE, Fact.NEGATIVE);
    }

    /** TRUE when the value means {@code yes}, FALSE when it means {@code no}, null for anything else. */
    static Boolean yesNo(CodeableConcept value, Fact yes, Fact no) {
        Fact meaning = Recognition.standard().firstOf(value, List.of(yes, no));
        return meaning == null ? null : meaning == yes;
    }

    static String valueText(Observation o) {
        if (o.hasValueCodeableConcept()) {
            CodeableConcept value = o.getValueCodeableConcept();
            Coding c = value.getCodingFirstRep();
            return c.hasDisplay() ? c.getDisplay() : c.hasCode() ? c.getCode() : value.getText();
        }
        if (o.hasValueQuantity() && o.getValueQuantity().hasValue()) {
            return o.getValueQuantity().getValue().stripTrailingZeros().toPlainString() + " "
                    + o.getValueQuantity().getUnit();
        }
        return "(no value)";
    }

    static OffsetDateTime effective(Observation o) {
        if (o.hasEffectiveDateTimeType() && o.getEffectiveDateTimeType().getValue() != null) {
            return o.getEffectiveDateTimeType()
                    .getValueAsCalendar()
                    .toZonedDateTime()
                    .toOffsetDateTime();
        }
        if (o.hasEffectivePeriod() && o.getEffectivePeriod().hasStart()) {
            return o.getEffectivePeriod().getStart().toInstant().atOffset(ZoneOffset.UTC);
        }
        return null;
    }
}
