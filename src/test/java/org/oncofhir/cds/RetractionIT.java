package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;
import org.oncofhir.testing.TestResources;
import org.oncofhir.testing.TestSecurity;

/**
 * A laboratory withdraws a result: the update to entered-in-error is stored (no value rules apply to it), history
 * keeps the final version, and the CDS service stops using the result and says on a card that it was withdrawn.
 */
class RetractionIT extends AbstractServerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = "/cds-services/oncofhir-breast-therapy";

    @Test
    void aWithdrawnResultIsKeptInHistoryNoLongerUsedAndSaidOnACard() throws Exception {
        String patientId = newPatient();
        client().create()
                .resource(new Condition()
                        .setSubject(new Reference("Patient/" + patientId))
                        .setCode(new CodeableConcept(
                                new Coding("http://snomed.info/sct", "254837009", "Malignant neoplasm of breast"))))
                .execute();
        Observation her2 = TestResources.her2Ihc(new IdType("Patient", patientId), "urn:test:retraction", patientId);
        her2.setId("her2-" + patientId);
        client().update().resource(her2).execute();

        JsonNode before = patientView(patientId);
        assertThat(CdsHooksIT.rules(before)).doesNotContain("retracted-result", "her2-missing");

        Observation stored = client().read()
                .resource(Observation.class)
                .withId(her2.getIdElement().getIdPart())
                .execute();
        stored.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        client().update().resource(stored).execute();

        Bundle history = client().history()
                .onInstance(new IdType("Observation", her2.getIdElement().getIdPart()))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(history.getEntry()).hasSize(2);
        assertThat(history.getEntry().stream().map(e -> ((Observation) e.getResource()).getStatus()))
                .containsExactlyInAnyOrder(
                        Observation.ObservationStatus.FINAL, Observation.ObservationStatus.ENTEREDINERROR);

        JsonNode after = patientView(patientId);
        assertThat(CdsHooksIT.rules(after)).contains("retracted-result", "her2-missing");
        JsonNode withdrawn = null;
        for (JsonNode card : after) {
            if (card.path("detail").asText().contains("retracted-result")) {
                withdrawn = card;
            }
        }
        assertThat(withdrawn).isNotNull();
        assertThat(withdrawn.path("indicator").asText()).isEqualTo("warning");
        assertThat(withdrawn.path("summary").asText()).contains("HER2 IHC", "withdrawn");
        assertThat(withdrawn.path("detail").asText())
                .contains("Observation/her2-" + patientId, "not used", "HER2 status now rests on");
    }

    @Test
    void aWithdrawnVersionCannotBeTurnedBackIntoAnInvalidFinalResult() throws Exception {
        String patientId = newPatient();
        Observation invalid = TestResources.her2Ihc(new IdType("Patient", patientId), "urn:test:retraction", patientId);
        invalid.setId("bad-" + patientId);
        invalid.getMeta().addProfile("http://oncofhir.org/fhir/StructureDefinition/her2-ihc");
        invalid.setValue(new CodeableConcept(new Coding("http://loinc.org", "LA6111-4", "0")));
        invalid.addComponent()
                .setCode(new CodeableConcept(new Coding(
                        "http://oncofhir.org/fhir/CodeSystem/biomarker-component",
                        "her2-membrane-staining-percent",
                        null)))
                .setValue(new Quantity()
                        .setValue(50)
                        .setUnit("%")
                        .setSystem("http://unitsofmeasure.org")
                        .setCode("%"));
        invalid.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        client().update().resource(invalid).execute();

        invalid.setStatus(Observation.ObservationStatus.FINAL);
        HttpResponse<String> back = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation/bad-" + patientId))
                        .header("Content-Type", "application/fhir+json")
                        .header("Authorization", "Bearer " + systemToken())
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                fhirContext.newJsonParser().encodeResourceToString(invalid)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(422);
    }

    private String newPatient() {
        String patientId = "retraction-" + UUID.randomUUID().toString().substring(0, 8);
        Patient patient = TestResources.patient("Retraction");
        patient.setId(patientId);
        client().update().resource(patient).execute();
        return patientId;
    }

    private JsonNode patientView(String patientId) throws Exception {
        ObjectNode request = JSON.createObjectNode()
                .put("hook", "patient-view")
                .put("hookInstance", UUID.randomUUID().toString());
        request.putObject("context").put("userId", "Practitioner/onc-1").put("patientId", patientId);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + SERVICE))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TestSecurity.token(baseUrl() + SERVICE))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("cards");
    }
}
