package org.oncofhir.facts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;

/** The FHIR data a CDS service decides on, however it was obtained (prefetch, the client's FHIR server, our store). */
public record PatientRecord(
        String patientId,
        List<Observation> observations,
        List<Condition> conditions,
        List<MedicationRequest> medicationRequests,
        List<MedicationStatement> medicationStatements,
        List<MedicationAdministration> medicationAdministrations) {

    /** Sorts resources by type; other types are ignored. */
    public static PatientRecord of(String patientId, Collection<? extends IBaseResource> resources) {
        List<Observation> observations = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        List<MedicationRequest> requests = new ArrayList<>();
        List<MedicationStatement> statements = new ArrayList<>();
        List<MedicationAdministration> administrations = new ArrayList<>();
        for (IBaseResource r : resources) {
            if (r instanceof Observation o) {
                observations.add(o);
            } else if (r instanceof Condition c) {
                conditions.add(c);
            } else if (r instanceof MedicationRequest m) {
                requests.add(m);
            } else if (r instanceof MedicationStatement s) {
                statements.add(s);
            } else if (r instanceof MedicationAdministration a) {
                administrations.add(a);
            }
        }
        return new PatientRecord(patientId, observations, conditions, requests, statements, administrations);
    }
}
