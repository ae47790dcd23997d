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
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;

/**
 * The FHIR data a CDS service decides on, however it was obtained (prefetch, the client's FHIR server, our store).
 *
 * @param patient the Patient resource, null when the source gave none
 * @param unavailable kinds of record the source would not give (e.g. an EHR that does not let this app read
 *     Procedures), each said in a sentence: the decision is made without them and a card says so
 */
public record PatientRecord(
        String patientId,
        Patient patient,
        List<Observation> observations,
        List<Condition> conditions,
        List<MedicationRequest> medicationRequests,
        List<MedicationStatement> medicationStatements,
        List<MedicationAdministration> medicationAdministrations,
        List<Procedure> procedures,
        List<String> unavailable) {

    public PatientRecord {
        unavailable = List.copyOf(unavailable);
    }

    /** The same record, noting kinds of record the source would not give. */
    public PatientRecord withUnavailable(List<String> kinds) {
        return new PatientRecord(
                patientId,
                patient,
                observations,
                conditions,
                medicationRequests,
                medicationStatements,
                medicationAdministrations,
                procedures,
                kinds);
    }

    /** Sorts resources by type (the context patient's Patient too); other types are ignored. */
    public static PatientRecord of(String patientId, Collection<? extends IBaseResource> resources) {
        Patient patient = null;
        List<Observation> observations = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        List<MedicationRequest> requests = new ArrayList<>();
        List<MedicationStatement> statements = new ArrayList<>();
        List<MedicationAdministration> administrations = new ArrayList<>();
        List<Procedure> procedures = new ArrayList<>();
        for (IBaseResource r : resources) {
            if (r instanceof Patient p && patientId.equals(p.getIdElement().getIdPart())) {
                patient = p;
            } else if (r instanceof Observation o) {
                observations.add(o);
            } else if (r instanceof Condition c) {
                conditions.add(c);
            } else if (r instanceof MedicationRequest m) {
                requests.add(m);
            } else if (r instanceof MedicationStatement s) {
                statements.add(s);
            } else if (r instanceof MedicationAdministration a) {
                administrations.add(a);
            } else if (r instanceof Procedure p) {
                procedures.add(p);
            }
        }
        return new PatientRecord(
                patientId,
                patient,
                observations,
                conditions,
                requests,
                statements,
                administrations,
                procedures,
                List.of());
    }
}
