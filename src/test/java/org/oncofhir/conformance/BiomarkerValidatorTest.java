package org.oncofhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.oncofhir.testing.ProfileExamples;

/** Every example through the validator alone (no server, no Spring). */
class BiomarkerValidatorTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final PrePopulatedValidationSupport MCODE =
            ForeignPackages.load(FHIR, List.of("classpath:oncofhir/profiles/packages/hl7.fhir.us.mcode-4.0.0.tgz"));
    private static BiomarkerValidator validator;

    @BeforeAll
    static void loadPackage() {
        validator = new BiomarkerValidator(
                FHIR,
                ConformancePackage.loadFromClasspath(FHIR),
                MCODE,
                new DefaultProfileValidationSupport(FHIR),
                false);
    }

    /** mCODE's own tumor-marker examples, validated against mCODE's TumorMarkerTest profile, which the server holds. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Observation-tumor-marker-test-her2-jenny-m.json",
                "Observation-tumor-marker-test-er-jenny-m.json",
                "Observation-tumor-marker-test-pr-jenny-m.json"
            })
    void mcodeTumorMarkerExamplesPass(String example) throws Exception {
        Observation observation;
        try (InputStream tgz =
                getClass().getResourceAsStream("/oncofhir/profiles/packages/hl7.fhir.us.mcode-4.0.0.tgz")) {
            NpmPackage mcode = NpmPackage.fromPackage(tgz);
            try (InputStream file = mcode.load("example", example)) {
                observation = FHIR.newJsonParser().parseResource(Observation.class, file);
            }
        }
        assertThat(validator.inScope(observation)).isTrue();
        ValidationResult result = validator.validate(observation, null);
        assertThat(BiomarkerValidator.errors(result)).as(describe(result)).isEmpty();
        assertThat(BiomarkerValidator.unknownProfiles(result))
                .as(describe(result))
                .isEmpty();
    }

    @Test
    void aClaimedProfileThisServerDoesNotHoldIsAWarningUnlessRefused() {
        Observation observation = parse(Path.of("profiles/examples/valid/her2-ihc-3plus-no-profile-multicoded.json"));
        observation.getMeta().addProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab");
        ValidationResult lenient = validator.validate(observation, null);
        assertThat(BiomarkerValidator.errors(lenient)).as(describe(lenient)).isEmpty();
        assertThat(BiomarkerValidator.unknownProfiles(lenient))
                .as(describe(lenient))
                .hasSize(1);

        BiomarkerValidator strict = new BiomarkerValidator(
                FHIR,
                ConformancePackage.loadFromClasspath(FHIR),
                MCODE,
                new DefaultProfileValidationSupport(FHIR),
                true);
        assertThat(BiomarkerValidator.errors(strict.validate(observation, null)))
                .isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.oncofhir.testing.ProfileExamples#valid")
    void validExamplePasses(Path file) {
        Observation observation = parse(file);
        assertThat(validator.inScope(observation)).isTrue();

        ValidationResult result = validator.validate(observation, null);

        assertThat(BiomarkerValidator.errors(result)).as(describe(result)).isEmpty();
        List<SingleValidationMessage> warningsAboutOurCodes = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING)
                .filter(m -> m.getMessage().contains("oncofhir.org")
                        || m.getMessage().contains("loinc.org")
                        || m.getMessage().contains("snomed.info"))
                .toList();
        assertThat(warningsAboutOurCodes).as(describe(result)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.oncofhir.testing.ProfileExamples#invalid")
    void invalidExampleFailsForItsReason(ProfileExamples.Invalid example) {
        ValidationResult result = validator.validate(parse(example.file()), null);

        List<SingleValidationMessage> errors = BiomarkerValidator.errors(result);
        assertThat(errors).as(example.reason()).isNotEmpty();
        assertThat(errors)
                .as(
                        "%s: expected an error mentioning '%s' but got %s",
                        example.reason(), example.expectedInError(), describe(result))
                .anyMatch(e -> e.getMessage().contains(example.expectedInError())
                        || String.valueOf(e.getLocationString()).contains(example.expectedInError()));
    }

    private static Observation parse(Path file) {
        return FHIR.newJsonParser().parseResource(Observation.class, ProfileExamples.read(file));
    }

    private static String describe(ValidationResult result) {
        StringBuilder out = new StringBuilder();
        result.getMessages().forEach(m -> out.append('\n')
                .append(m.getSeverity())
                .append(' ')
                .append(m.getLocationString())
                .append(": ")
                .append(m.getMessage()));
        return out.toString();
    }
}
