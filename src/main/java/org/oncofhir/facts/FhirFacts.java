package org.oncofhir.facts;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
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
        // A card cites the standard coding (LOINC, SNOMED CT) a lab sent beside its local one.
        Coding code = o.getCode().getCoding().stream()
                .filter(c -> SYSTEM_NAMES.containsKey(c.getSystem()))
                .findFirst()
                .orElse(o.getCode().getCodingFirstRep());
        String id =
                o.getIdElement().hasIdPart() ? "Observation/" + o.getIdElement().getIdPart() : null;
        String codeText = SYSTEM_NAMES.getOrDefault(code.getSystem(), code.getSystem()) + " " + code.getCode();
        return new BiomarkerResult<>(value, id, codeText, valueText(o), effective(o));
    }

    static boolean hasCode(CodeableConcept concept, String system, Set<String> codes) {
        return concept.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && codes.contains(c.getCode()));
    }

    /** TRUE for positive (LOINC LA6576-8 / SNOMED 10828004), FALSE for negative, null for anything else. */
    static Boolean positive(CodeableConcept value) {
        for (Coding c : value.getCoding()) {
            String key = c.getSystem() + "|" + c.getCode();
            if (BiomarkerCodes.POSITIVE.contains(key)) {
                return Boolean.TRUE;
            }
            if (BiomarkerCodes.NEGATIVE.contains(key)) {
                return Boolean.FALSE;
            }
        }
        return null;
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
