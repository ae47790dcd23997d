package org.oncofhir.testing;

import java.util.Date;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/** Small builders for the resources integration tests write. */
public final class TestResources {

    public static final String LOINC = "http://loinc.org";
    public static final String HER2_IHC = "85319-2";
    public static final String HER2_IHC_3PLUS = "LA11843-2";

    private TestResources() {}

    public static Patient patient(String family) {
        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven("Test");
        patient.setGender(AdministrativeGender.FEMALE);
        return patient;
    }

    /** A HER2 IHC 3+ result for the patient, as a pathology LIS would send it. */
    public static Observation her2Ihc(IIdType patientId, String identifierSystem, String identifierValue) {
        Observation obs = new Observation();
        obs.addIdentifier().setSystem(identifierSystem).setValue(identifierValue);
        obs.setStatus(Observation.ObservationStatus.FINAL);
        obs.addCategory(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")));
        obs.setCode(new CodeableConcept(
                new Coding(LOINC, HER2_IHC, "HER2 [Presence] in Breast cancer specimen by Immune stain")));
        obs.setSubject(new Reference(patientId.toUnqualifiedVersionless()));
        obs.setEffective(new DateTimeType(new Date()));
        obs.setValue(new CodeableConcept(new Coding(LOINC, HER2_IHC_3PLUS, "3+")));
        return obs;
    }
}
