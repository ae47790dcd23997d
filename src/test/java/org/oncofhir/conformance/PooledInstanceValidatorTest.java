package org.oncofhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.ProfileExamples;

/**
 * The reused instance validators give exactly the verdicts and messages of HAPI's validator built per call, on
 * every valid and invalid example, when reused past their retirement and from several threads at once.
 */
class PooledInstanceValidatorTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static BiomarkerValidator pooled;
    private static BiomarkerValidator stock;
    private static final List<Observation> EXAMPLES = new ArrayList<>();

    @BeforeAll
    static void validators() {
        ConformancePackage conformance = ConformancePackage.loadFromClasspath(FHIR);
        DefaultProfileValidationSupport core = new DefaultProfileValidationSupport(FHIR);
        pooled = new BiomarkerValidator(
                FHIR, conformance, ForeignPackages.load(FHIR, List.of()), core, false, PooledInstanceValidator::new);
        stock = new BiomarkerValidator(
                FHIR, conformance, ForeignPackages.load(FHIR, List.of()), core, false, FhirInstanceValidator::new);
        List<Path> files = new ArrayList<>(ProfileExamples.valid());
        ProfileExamples.invalid().forEach(invalid -> files.add(invalid.file()));
        for (Path file : files) {
            EXAMPLES.add(FHIR.newJsonParser().parseResource(Observation.class, ProfileExamples.read(file)));
        }
    }

    private static List<String> messages(BiomarkerValidator validator, Observation example) {
        return validator.validate(example, null).getMessages().stream()
                .map(PooledInstanceValidatorTest::describe)
                .sorted()
                .toList();
    }

    private static String describe(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + " " + m.getMessageId() + " " + m.getMessage();
    }

    @Test
    void sameMessagesAsTheValidatorBuiltPerCallOnEveryExampleAndAfterReuse() {
        assertThat(EXAMPLES.size() * 3).isGreaterThan(PooledInstanceValidator.USES);
        for (int round = 0; round < 3; round++) {
            for (Observation example : EXAMPLES) {
                assertThat(messages(pooled, example))
                        .as(example.getIdPart() + " round " + round)
                        .isEqualTo(messages(stock, example));
            }
        }
    }

    @Test
    void sameMessagesFromSeveralThreadsAtOnce() throws Exception {
        List<List<String>> expected =
                EXAMPLES.stream().map(e -> messages(stock, e)).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<String>>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(threads.submit(
                        () -> EXAMPLES.stream().map(e -> messages(pooled, e)).toList()));
            }
            for (Future<List<List<String>>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            threads.shutdown();
        }
    }
}
