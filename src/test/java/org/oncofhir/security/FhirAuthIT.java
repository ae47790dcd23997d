package org.oncofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;
import org.oncofhir.testing.TestResources;
import org.oncofhir.testing.TestSecurity;

/**
 * FHIR API security over HTTP: Bearer tokens from the trusted authorization server, SMART scopes deciding type
 * and operation, patient scopes limited to the patient's compartment; 401/403 as OperationOutcome; the
 * CapabilityStatement and SMART configuration open.
 */
class FhirAuthIT extends AbstractServerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATIENT_A = "auth-patient-a";
    private static final String PATIENT_B = "auth-patient-b";

    @BeforeEach
    void twoPatientsWithResults() {
        for (String id : new String[] {PATIENT_A, PATIENT_B}) {
            Patient patient = TestResources.patient(id);
            patient.setId(id);
            client().update().resource(patient).execute();
            client().update()
                    .resource(TestResources.her2Ihc(new IdType("Patient", id), "urn:test:auth", id)
                            .setId("obs-" + id))
                    .execute();
        }
    }

    @Test
    void capabilityStatementAndSmartConfigurationAreOpen() throws Exception {
        HttpResponse<String> metadata = get("/metadata", null);
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).contains("SMART-on-FHIR", TestSecurity.AUTH_SERVER + "/token");

        HttpResponse<String> smart = get("/.well-known/smart-configuration", null);
        assertThat(smart.statusCode()).isEqualTo(200);
        JsonNode config = JSON.readTree(smart.body());
        assertThat(config.path("issuer").asText()).isEqualTo(TestSecurity.AUTH_SERVER);
        assertThat(config.path("token_endpoint").asText()).isEqualTo(TestSecurity.AUTH_SERVER + "/token");
        assertThat(config.path("capabilities").toString()).contains("permission-v2");
    }

    @Test
    void noTokenIs401WithOperationOutcome() throws Exception {
        denied(get("/Patient/" + PATIENT_A, null), 401);
    }

    @Test
    void tokenFromAnotherKeyOrExpiredIs401() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048)
                .keyID(TestSecurity.AUTH_KEY.getKeyID())
                .generate();
        String forged = TestSecurity.sign(
                new RSASSASigner(stranger),
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(stranger.getKeyID())
                        .build(),
                TestSecurity.AUTH_SERVER,
                c -> c.claim("scope", "system/*.cruds"));
        denied(get("/Patient/" + PATIENT_A, forged), 401);

        String expired = TestSecurity.sign(
                new RSASSASigner(TestSecurity.AUTH_KEY),
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(TestSecurity.AUTH_KEY.getKeyID())
                        .build(),
                TestSecurity.AUTH_SERVER,
                c -> c.claim("scope", "system/*.cruds")
                        .issueTime(Date.from(Instant.now().minusSeconds(7200)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(3600))));
        denied(get("/Patient/" + PATIENT_A, expired), 401);
    }

    @Test
    void readScopeCannotWrite() throws Exception {
        String readOnly = TestSecurity.accessToken("system/*.rs", null);
        assertThat(get("/Patient/" + PATIENT_A, readOnly).statusCode()).isEqualTo(200);
        denied(post("/Patient", "{\"resourceType\":\"Patient\",\"gender\":\"female\"}", readOnly), 403);
    }

    @Test
    void typeScopedWriteCoversOnlyThatType() throws Exception {
        String observationsOnly = TestSecurity.accessToken("system/Observation.cruds", null);
        denied(post("/Patient", "{\"resourceType\":\"Patient\",\"gender\":\"female\"}", observationsOnly), 403);
        String observation = fhirContext
                .newJsonParser()
                .encodeResourceToString(
                        TestResources.her2Ihc(new IdType("Patient", PATIENT_A), "urn:test:auth", "typed-write"));
        assertThat(post("/Observation", observation, observationsOnly).statusCode())
                .isEqualTo(201);
    }

    @Test
    void patientTokenSeesOnlyItsOwnCompartment() throws Exception {
        String patientA = TestSecurity.accessToken("patient/*.rs", PATIENT_A);
        assertThat(get("/Patient/" + PATIENT_A, patientA).statusCode()).isEqualTo(200);
        assertThat(get("/Observation/obs-" + PATIENT_A, patientA).statusCode()).isEqualTo(200);
        HttpResponse<String> own = get("/Observation?patient=" + PATIENT_A, patientA);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(fhirContext
                        .newJsonParser()
                        .parseResource(Bundle.class, own.body())
                        .getEntry())
                .isNotEmpty();

        denied(get("/Patient/" + PATIENT_B, patientA), 403);
        denied(get("/Observation/obs-" + PATIENT_B, patientA), 403);
        denied(get("/Observation?patient=" + PATIENT_B, patientA), 403);
    }

    @Test
    void patientTokenCannotCountOrValidateOtherPatientsData() throws Exception {
        String patientA = TestSecurity.accessToken("patient/*.rs", PATIENT_A);
        HttpResponse<String> count = get(
                "/Observation?subject=Patient/" + PATIENT_A + ",Patient/" + PATIENT_B + "&_summary=count", patientA);
        if (count.statusCode() == 200) {
            // Narrowed to patient A's compartment: B's observation is not counted.
            int onlyA = fhirContext
                    .newJsonParser()
                    .parseResource(
                            Bundle.class,
                            get("/Observation?subject=Patient/" + PATIENT_A + "&_summary=count", systemToken())
                                    .body())
                    .getTotal();
            assertThat(fhirContext
                            .newJsonParser()
                            .parseResource(Bundle.class, count.body())
                            .getTotal())
                    .isEqualTo(onlyA);
        } else {
            denied(count, 403);
        }
        denied(get("/Observation/obs-" + PATIENT_B + "/$validate", patientA), 403);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(fhirBase() + path)).header("Accept", "application/fhir+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + path))
                        .header("Content-Type", "application/fhir+json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void denied(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }
}
