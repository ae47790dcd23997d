package org.oncofhir.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.oncofhir.therapy.DrugCatalogue;

/** Prior therapy recorded only as administrations (what an infusion centre sends) counts, unless not given. */
class MedicationReaderTest {

    private static final MedicationReader READER = new MedicationReader(DrugCatalogue.load());

    @ParameterizedTest(name = "{0} docetaxel administration: counted {1}")
    @CsvSource({"COMPLETED, true", "INPROGRESS, true", "STOPPED, true", "NOTDONE, false", "ENTEREDINERROR, false"})
    void administrationsArePriorTherapy(MedicationAdministrationStatus status, boolean counted) {
        MedicationAdministration docetaxel = new MedicationAdministration()
                .setStatus(status)
                .setSubject(new Reference("Patient/p"))
                .setMedication(new CodeableConcept(
                        new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "72962", "docetaxel")));
        PatientRecord record = PatientRecord.of("p", List.of(docetaxel));
        assertThat(MedicationReader.ingredientsOf(READER.exposures(record)).contains("72962"))
                .isEqualTo(counted);
        assertThat(READER.currentTherapy(record)).isEmpty();
    }
}
