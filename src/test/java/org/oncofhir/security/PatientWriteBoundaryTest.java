package org.oncofhir.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.oncofhir.testing.TestSecurity;

/** The write-compartment rule for patient-scoped tokens, case by case, with a store held in a map. */
class PatientWriteBoundaryTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final FhirAccessTokenVerifier VERIFIER = new FhirAccessTokenVerifier(
            new FhirSecurityProperties(
                    TestSecurity.AUTH_SERVER,
                    null,
                    new JWKSet(TestSecurity.AUTH_KEY.toPublicJWK()).toString(),
                    null,
                    true,
                    null,
                    null,
                    null),
            TestSecurity.FHIR_AUDIENCE);
    private static final Map<String, IBaseResource> STORE = Map.of(
            "Observation/obs-a", observation("a", o -> {}),
            "Observation/obs-b", observation("b", o -> {}),
            "Practitioner/pr-1", new Practitioner().setId("Practitioner/pr-1"),
            "Device/dev-1", new Device().setId("Device/dev-1"),
            "Observation/performed-by-a", performedBy("a"),
            "Observation/performed-by-b", performedBy("b"));
    private static final PatientWriteBoundary BOUNDARY = new PatientWriteBoundary(
            VERIFIER, FHIR, id -> Optional.ofNullable(STORE.get(id.getResourceType() + "/" + id.getIdPart())));

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "own result,                              patient/*.cruds, a, ,                     allowed",
        "subject B with A as performer,           patient/*.cruds, b, performer=Patient/a,  refused",
        "subject A derived from B's result,       patient/*.cruds, a, derivedFrom=Observation/obs-b, refused",
        "subject A derived from a missing result, patient/*.cruds, a, derivedFrom=Observation/nowhere, refused",
        "subject A derived from its own result,   patient/*.cruds, a, derivedFrom=Observation/obs-a, allowed",
        "subject A with a shared practitioner,    patient/*.cruds, a, performer=Practitioner/pr-1, allowed",
        "subject A with a missing practitioner,   patient/*.cruds, a, performer=Practitioner/nobody, refused",
        "subject A with B as a member,            patient/*.cruds, a, hasMember=Patient/b, refused",
        "subject A with a shared device,          patient/*.cruds, a, device=Device/dev-1, allowed",
        "subject A derived from A's own by performer, patient/*.cruds, a, derivedFrom=Observation/performed-by-a, allowed",
        "subject A derived from B's by performer, patient/*.cruds, a, derivedFrom=Observation/performed-by-b, refused",
        "subject A derived from a search,         patient/*.cruds, a, derivedFrom=Observation?code=x, refused",
        "system token writes for anyone,          system/*.cruds,  b, performer=Patient/a,  allowed",
        "system type scope covers its type,       system/Observation.c patient/*.r, b, , allowed",
    })
    void createdObservation(String title, String scope, String subject, String reference, String verdict) {
        Observation observation = observation(subject, o -> addReference(o, reference));
        Runnable create = () -> BOUNDARY.created(observation, request(scope, "a"));
        if (verdict.equals("allowed")) {
            create.run();
        } else {
            assertThatThrownBy(create::run).isInstanceOf(ForbiddenOperationException.class);
        }
    }

    @Test
    void patientScopesWithoutAPatientClaimWriteNothing() {
        assertThatThrownBy(() -> BOUNDARY.created(observation("a", o -> {}), request("patient/*.cruds", null)))
                .isInstanceOf(ForbiddenOperationException.class);
    }

    @Test
    void conditionAssertedByAButAboutBIsRefused() {
        Condition condition =
                new Condition().setSubject(new Reference("Patient/b")).setAsserter(new Reference("Patient/a"));
        assertThatThrownBy(() -> BOUNDARY.created(condition, request("patient/*.cruds", "a")))
                .isInstanceOf(ForbiddenOperationException.class)
                .hasMessageContaining("belongs to Patient/b");
    }

    @Test
    void updatesCannotTakeOverOrHandOverAndDeletesStayHome() {
        SystemRequestDetails tokenA = request("patient/*.cruds", "a");
        assertThatThrownBy(() -> BOUNDARY.updated(observation("b", o -> {}), observation("a", o -> {}), tokenA))
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> BOUNDARY.updated(observation("a", o -> {}), observation("b", o -> {}), tokenA))
                .isInstanceOf(ForbiddenOperationException.class);
        BOUNDARY.updated(observation("a", o -> {}), observation("a", o -> {}), tokenA);
        assertThatThrownBy(() -> BOUNDARY.deleted(observation("b", o -> {}), tokenA))
                .isInstanceOf(ForbiddenOperationException.class);
        BOUNDARY.deleted(observation("a", o -> {}), tokenA);
    }

    @Test
    void invisibleAndMissingReferencesAnswerAlike() {
        SystemRequestDetails tokenA = request("patient/*.cruds", "a");
        String toB = refusal(observation("a", o -> o.addDerivedFrom(new Reference("Observation/obs-b"))), tokenA);
        String toNowhere =
                refusal(observation("a", o -> o.addDerivedFrom(new Reference("Observation/nowhere"))), tokenA);
        assertThat(toB.replace("obs-b", "X")).isEqualTo(toNowhere.replace("nowhere", "X"));
    }

    @Test
    void writesWithoutATokenAreTheServersOwn() {
        BOUNDARY.created(observation("b", o -> o.addPerformer(new Reference("Patient/a"))), new SystemRequestDetails());
        BOUNDARY.created(observation("b", o -> {}), null);
    }

    @Test
    void thePatientOfAResourceIsItsPatientOrSubjectNeverAPerformer() {
        assertThat(BOUNDARY.patientsOf(observation("b", o -> o.addPerformer(new Reference("Patient/a")))))
                .containsExactly("b");
        assertThat(BOUNDARY.patientsOf(new Condition().setAsserter(new Reference("Patient/a"))))
                .isEmpty();
        assertThat(BOUNDARY.patientsOf(new Patient().setId("Patient/a"))).containsExactly("a");
    }

    private String refusal(Observation observation, SystemRequestDetails request) {
        try {
            BOUNDARY.created(observation, request);
        } catch (ForbiddenOperationException e) {
            return e.getMessage();
        }
        throw new AssertionError("not refused");
    }

    private static SystemRequestDetails request(String scope, String patient) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.addHeader("Authorization", "Bearer " + TestSecurity.accessToken(scope, patient));
        return request;
    }

    private static Observation observation(String patient, Consumer<Observation> edit) {
        Observation observation = new Observation();
        observation.setId("Observation/obs-" + patient);
        observation.setSubject(new Reference("Patient/" + patient));
        edit.accept(observation);
        return observation;
    }

    private static Observation performedBy(String patient) {
        Observation observation = new Observation();
        observation.addPerformer(new Reference("Patient/" + patient));
        return observation;
    }

    private static void addReference(Observation observation, String reference) {
        if (reference == null) {
            return;
        }
        String[] field = reference.split("=", 2);
        Reference target = new Reference(field[1]);
        switch (field[0]) {
            case "performer" -> observation.addPerformer(target);
            case "derivedFrom" -> observation.addDerivedFrom(target);
            case "hasMember" -> observation.addHasMember(target);
            case "device" -> observation.setDevice(target);
            default -> throw new IllegalArgumentException(reference);
        }
    }
}
