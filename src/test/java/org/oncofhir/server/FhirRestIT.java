package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;
import org.oncofhir.testing.TestResources;

class FhirRestIT extends AbstractServerIT {

    private static final String ID_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.1";

    @Test
    void metadataIsAnR4CapabilityStatement() {
        CapabilityStatement cs =
                client().capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(cs.getRestFirstRep().getResource())
                .extracting(r -> r.getType())
                .contains("Patient", "Observation", "ValueSet", "CodeSystem", "StructureDefinition");
    }

    @Test
    void createReadAndSearchObservationByPatientAndCode() {
        IGenericClient client = client();
        IIdType patientId = client.create()
                .resource(TestResources.patient("Read"))
                .execute()
                .getId();
        Observation obs =
                TestResources.her2Ihc(patientId, ID_SYSTEM, UUID.randomUUID().toString());
        IIdType obsId = client.create().resource(obs).execute().getId();

        Observation read = client.read()
                .resource(Observation.class)
                .withId(obsId.getIdPart())
                .execute();
        assertThat(read.getCode().getCodingFirstRep().getCode()).isEqualTo(TestResources.HER2_IHC);
        assertThat(read.getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo(TestResources.HER2_IHC_3PLUS);
        assertThat(read.getSubject().getReference())
                .isEqualTo(patientId.toUnqualifiedVersionless().getValue());

        Bundle found = client.search()
                .byUrl("Observation?patient=" + patientId.getIdPart() + "&code=http://loinc.org|"
                        + TestResources.HER2_IHC)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).hasSize(1);
        assertThat(found.getEntryFirstRep().getResource().getIdElement().getIdPart())
                .isEqualTo(obsId.getIdPart());

        Bundle otherCode = client.search()
                .byUrl("Observation?patient=" + patientId.getIdPart() + "&code=http://loinc.org|85337-4")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(otherCode.getEntry()).isEmpty();
    }

    /** A chunked form-encoded search keeps its criteria (the size filter must leave form bodies to Tomcat). */
    @Test
    void chunkedFormSearchAppliesItsCriteria() throws Exception {
        client().create().resource(TestResources.patient("Chunked")).execute();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/_search"))
                                .header("Authorization", "Bearer " + systemToken())
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                                        new ByteArrayInputStream("family=NoSuchFamily&_summary=count".getBytes())))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fhirContext
                        .newJsonParser()
                        .parseResource(Bundle.class, response.body())
                        .getTotal())
                .isZero();
    }

    @Test
    void conditionalCreateDoesNotDuplicate() {
        IGenericClient client = client();
        IIdType patientId = client.create()
                .resource(TestResources.patient("Conditional"))
                .execute()
                .getId();
        String value = UUID.randomUUID().toString();
        String condition = "Observation?identifier=" + ID_SYSTEM + "|" + value;

        MethodOutcome first = client.create()
                .resource(TestResources.her2Ihc(patientId, ID_SYSTEM, value))
                .conditionalByUrl(condition)
                .execute();
        MethodOutcome second = client.create()
                .resource(TestResources.her2Ihc(patientId, ID_SYSTEM, value))
                .conditionalByUrl(condition)
                .execute();

        assertThat(first.getCreated()).isTrue();
        assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
        assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
        assertThat(countByIdentifierSystem(client, ID_SYSTEM + "|" + value)).isEqualTo(1);
    }

    @Test
    void transactionOfFiftyObservationsCommitsAll() {
        IGenericClient client = client();
        IIdType patientId = client.create()
                .resource(TestResources.patient("TxOk"))
                .execute()
                .getId();
        String batchSystem = "urn:uuid:" + UUID.randomUUID();
        Bundle tx = transactionOf(patientId, batchSystem, 50);

        Bundle response = client.transaction().withBundle(tx).execute();

        assertThat(response.getEntry()).hasSize(50);
        assertThat(response.getEntry())
                .allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
        assertThat(countByIdentifierSystem(client, batchSystem + "|")).isEqualTo(50);
    }

    @Test
    void transactionWithOneBadEntryStoresNothing() {
        IGenericClient client = client();
        IIdType patientId = client.create()
                .resource(TestResources.patient("TxBad"))
                .execute()
                .getId();
        String batchSystem = "urn:uuid:" + UUID.randomUUID();
        Bundle tx = transactionOf(patientId, batchSystem, 50);
        // Entry 37 points at a patient that does not exist: referential integrity must fail the whole Bundle.
        ((Observation) tx.getEntry().get(37).getResource()).setSubject(new Reference("Patient/does-not-exist"));

        assertThatThrownBy(() -> client.transaction().withBundle(tx).execute())
                .isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isBetween(400, 499);
                    assertThat(e.getOperationOutcome()).isInstanceOf(OperationOutcome.class);
                    assertThat(e.getMessage()).contains("Patient/does-not-exist");
                });
        assertThat(countByIdentifierSystem(client, batchSystem + "|")).isZero();
    }

    private static Bundle transactionOf(IIdType patientId, String identifierSystem, int size) {
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < size; i++) {
            Observation obs = TestResources.her2Ihc(patientId, identifierSystem, "obs-" + i);
            tx.addEntry()
                    .setFullUrl("urn:uuid:" + UUID.randomUUID())
                    .setResource(obs)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Observation");
        }
        return tx;
    }

    private static int countByIdentifierSystem(IGenericClient client, String identifierToken) {
        Bundle bundle = client.search()
                .byUrl("Observation?identifier=" + identifierToken + "&_summary=count")
                .returnBundle(Bundle.class)
                .execute();
        return bundle.getTotal();
    }
}
