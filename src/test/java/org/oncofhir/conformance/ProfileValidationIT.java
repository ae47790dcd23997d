package org.oncofhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.testing.AbstractServerIT;
import org.oncofhir.testing.ProfileExamples;
import org.oncofhir.testing.TestResources;

/** The profiles and examples through a real server: published, enforced on write, and behind $validate. */
class ProfileValidationIT extends AbstractServerIT {

    private static final String MARK_SYSTEM = "urn:test:profile-validation";

    private IGenericClient client;
    private IIdType patientId;

    @BeforeEach
    void setUp() {
        client = client();
        patientId = client.create()
                .resource(TestResources.patient("Profiles"))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.oncofhir.testing.ProfileExamples#valid")
    void validExampleIsStored(Path file) {
        Observation observation = prepare(file);

        IIdType id = client.create().resource(observation).execute().getId();

        assertThat(client.read()
                        .resource(Observation.class)
                        .withId(id.getIdPart())
                        .execute()
                        .getCode()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo(observation.getCode().getCodingFirstRep().getCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.oncofhir.testing.ProfileExamples#invalid")
    void invalidExampleIsRefusedWith422AndNothingStored(ProfileExamples.Invalid example) {
        Observation observation = prepare(example.file());
        String mark = UUID.randomUUID().toString();
        observation.addIdentifier().setSystem(MARK_SYSTEM).setValue(mark);

        assertThatThrownBy(() -> client.create().resource(observation).execute())
                .as(example.reason())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
                    OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
                    assertThat(outcome.getIssue())
                            .as(example.reason())
                            .anyMatch(issue -> issue.getDiagnostics().contains(example.expectedInError())
                                    || issue.getExpression().stream()
                                            .anyMatch(x -> x.getValue().contains(example.expectedInError())));
                    assertThat(outcome.getIssue())
                            .allMatch(issue -> !issue.getExpression().isEmpty());
                });
        assertThat(count("Observation?identifier=" + MARK_SYSTEM + "|" + mark)).isZero();
    }

    @Test
    void aResultClaimingAProfileThisServerDoesNotHoldIsStoredWithAWarning() {
        Observation observation = prepare(Path.of("profiles/examples/valid/her2-ihc-3plus-local-and-loinc.json"));
        observation.getMeta().addProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab");

        MethodOutcome created = client.create()
                .resource(observation)
                .withAdditionalHeader("Prefer", "return=OperationOutcome")
                .execute();

        assertThat(created.getCreated()).isTrue();
        OperationOutcome outcome = (OperationOutcome) created.getOperationOutcome();
        assertThat(outcome.getIssue())
                .anyMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.WARNING
                        && issue.getDiagnostics().contains("us-core-observation-lab"));
    }

    @Test
    void multiCodedResultsAreStoredInATransactionToo() {
        String mark = UUID.randomUUID().toString();
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        add(tx, prepare(Path.of("profiles/examples/valid/her2-ihc-3plus-local-and-loinc.json")), mark);
        add(tx, prepare(Path.of("profiles/examples/valid/her2-ihc-3plus-no-profile-multicoded.json")), mark);

        client.transaction().withBundle(tx).execute();

        assertThat(count("Observation?identifier=" + MARK_SYSTEM + "|" + mark)).isEqualTo(2);
    }

    @Test
    void transactionWithOneInvalidBiomarkerStoresNothing() {
        String mark = UUID.randomUUID().toString();
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Path file : ProfileExamples.valid().subList(0, 5)) {
            add(tx, prepare(file), mark);
        }
        add(tx, prepare(ProfileExamples.invalid().get(0).file()), mark);

        assertThatThrownBy(() -> client.transaction().withBundle(tx).execute())
                .isInstanceOf(UnprocessableEntityException.class);
        assertThat(count("Observation?identifier=" + MARK_SYSTEM + "|" + mark)).isZero();
    }

    @Test
    void profilesArePublishedWithSnapshots() {
        for (String id : List.of(
                "her2-ihc",
                "her2-ish",
                "estrogen-receptor",
                "progesterone-receptor",
                "pd-l1",
                "her2-status",
                "biomarker-observation")) {
            Bundle found = client.search()
                    .byUrl("StructureDefinition?url=http://oncofhir.org/fhir/StructureDefinition/" + id)
                    .returnBundle(Bundle.class)
                    .execute();
            assertThat(found.getEntry()).as(id).hasSize(1);
            StructureDefinition profile =
                    (StructureDefinition) found.getEntryFirstRep().getResource();
            assertThat(profile.getSnapshot().getElement()).as(id).isNotEmpty();
            assertThat(profile.getVersion()).isNotBlank();
        }
    }

    @Test
    void validateOperationWithoutProfileUsesTheBaseBiomarkerProfile() throws Exception {
        Observation nonsense = prepare(ProfileExamples.invalid().stream()
                .filter(i -> i.file().getFileName().toString().equals("bad-foreign-banana.json"))
                .findFirst()
                .orElseThrow()
                .file());

        OperationOutcome outcome = validate(nonsense, null);

        assertThat(errors(outcome)).anyMatch(d -> d.contains("biomarker-answer"));
        assertThat(errors(validate(
                        prepare(Path.of("profiles/examples/valid/mcode-her2-ihc-snomed-positive.json")), null)))
                .isEmpty();
    }

    @Test
    void validateOperationWithProfileChecksThatProfile() throws Exception {
        Observation foreign = prepare(Path.of("profiles/examples/valid/mcode-her2-ihc-snomed-positive.json"));

        OperationOutcome outcome = validate(foreign, "http://oncofhir.org/fhir/StructureDefinition/her2-ihc");

        assertThat(errors(outcome)).anyMatch(d -> d.contains("her2-ihc-score"));
    }

    /** {@code POST Observation/$validate[?profile=]} with the Observation as the body. */
    @Test
    void validateOperationChecksTheProfileAResultClaims() throws Exception {
        Observation claimed = prepare(Path.of("profiles/examples/invalid/bad-ihc-zero-50pct.json"));

        assertThat(errors(validate(claimed, null))).anyMatch(d -> d.contains("her2ihc-4"));
        assertThat(errors(validate(prepare(Path.of("profiles/examples/valid/her2-ihc-3plus-breast.json")), null)))
                .isEmpty();
    }

    private OperationOutcome validate(Observation observation, String profile) throws Exception {
        String url = fhirBase() + "/Observation/$validate"
                + (profile == null ? "" : "?profile=" + URLEncoder.encode(profile, StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/fhir+json")
                                .header("Authorization", "Bearer " + systemToken())
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        fhirContext.newJsonParser().encodeResourceToString(observation)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 412, 422);
        return fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
    }

    private static List<String> errors(OperationOutcome outcome) {
        return outcome.getIssue().stream()
                .filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
                .map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
                .toList();
    }

    /** The example with its subject and derivedFrom pointing at resources that exist on this server. */
    private Observation prepare(Path file) {
        Observation observation =
                fhirContext.newJsonParser().parseResource(Observation.class, ProfileExamples.read(file));
        observation.setId((String) null);
        if (observation.hasSubject()) {
            observation.setSubject(new Reference(patientId));
        }
        if (observation.hasDerivedFrom()) {
            Observation ihc = prepare(Path.of("profiles/examples/valid/her2-ihc-3plus-breast.json"));
            IIdType ihcId = client.create().resource(ihc).execute().getId().toUnqualifiedVersionless();
            observation.getDerivedFrom().forEach(ref -> ref.setReference(ihcId.getValue()));
        }
        return observation;
    }

    private static void add(Bundle tx, Observation observation, String mark) {
        observation.addIdentifier().setSystem(MARK_SYSTEM).setValue(mark);
        tx.addEntry()
                .setResource(observation)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");
    }

    private int count(String query) {
        return client.search()
                .byUrl(query + "&_summary=count")
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }
}
