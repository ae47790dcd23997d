package org.oncofhir.cds;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.oncofhir.cds.data.PatientDataResolver;
import org.oncofhir.facts.Fact;
import org.oncofhir.facts.Recognition;

/**
 * The CDS services OncoFHIR offers (what discovery lists) and the FHIR data each needs. The prefetch keys are
 * also what the service fetches itself when the client leaves a key out.
 */
enum CdsService {
    BREAST_THERAPY(
            "oncofhir-breast-therapy",
            "patient-view",
            "Breast cancer biomarker-driven therapy",
            "Reads the patient's HER2 (IHC/ISH), ER/PR and PD-L1 results with the clinical setting, and suggests "
                    + "anti-HER2, endocrine and immune checkpoint therapy per ASCO/CAP and the US labels, as draft "
                    + "MedicationRequests and a CarePlan. Warns about missing, equivocal, discordant or outdated results, "
                    + "LVEF and pregnancy."),
    ORDER_CHECK(
            "oncofhir-breast-order-check",
            "order-select",
            "Breast cancer therapy order check (order-select)",
            "Checks the selected draft orders for anti-HER2 drugs, endocrine therapy and checkpoint inhibitors against "
                    + "the patient's HER2/ER/PR/PD-L1 results, menopausal status, LVEF and pregnancy."),
    ORDER_SIGN(
            "oncofhir-breast-order-sign",
            "order-sign",
            "Breast cancer therapy order check (order-sign)",
            "The same checks as oncofhir-breast-order-check, on every draft order at signing.");

    private static final String OBSERVATION_CODES =
            String.join(",", Recognition.standard().codesOfKind(Fact.Kind.OBSERVATION));

    /** Prefetch templates, shared by all three services: the decision needs the same data. */
    static final Map<String, String> PREFETCH = prefetch();

    /**
     * What an EHR may not let this app read (or not offer) without failing the call: administrations and procedures
     * complete the therapy history; without them the cards say what was not read.
     */
    static final Set<String> SUPPLEMENTARY = Set.of("medicationAdministrations", "procedures");

    static final String USAGE_REQUIREMENTS = "Needs read access to the patient's Patient, Observation, Condition, "
            + "MedicationRequest, MedicationStatement, MedicationAdministration and Procedure resources, by prefetch or "
            + "through fhirServer with fhirAuthorization (SMART scopes patient/Patient.read, patient/Observation.read, "
            + "patient/Condition.read, patient/MedicationRequest.read, patient/MedicationStatement.read, "
            + "patient/MedicationAdministration.read, patient/Procedure.read).";

    final String id;
    final String hook;
    final String title;
    final String description;

    CdsService(String id, String hook, String title, String description) {
        this.id = id;
        this.hook = hook;
        this.title = title;
        this.description = description;
    }

    boolean checksOrders() {
        return this != BREAST_THERAPY;
    }

    static CdsService byId(String id) {
        return Stream.of(values()).filter(s -> s.id.equals(id)).findFirst().orElse(null);
    }

    private static Map<String, String> prefetch() {
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put(PatientDataResolver.PATIENT, "Patient/{{context.patientId}}");
        templates.put("observations", "Observation?patient={{context.patientId}}&code=" + OBSERVATION_CODES);
        templates.put("conditions", "Condition?patient={{context.patientId}}");
        templates.put("medicationRequests", "MedicationRequest?patient={{context.patientId}}");
        templates.put("medicationStatements", "MedicationStatement?patient={{context.patientId}}");
        templates.put("medicationAdministrations", "MedicationAdministration?patient={{context.patientId}}");
        templates.put("procedures", "Procedure?patient={{context.patientId}}");
        return Collections.unmodifiableMap(templates);
    }
}
