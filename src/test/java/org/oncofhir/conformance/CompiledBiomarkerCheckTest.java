package org.oncofhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.ValidationResult;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.testing.ProfileExamples;

/**
 * The compiled check against HL7's validator: whatever it calls certainly valid, the validator must pass with no
 * error and no unknown profile, on every example, every Observation as labs and EHRs sent it, and thousands of
 * seeded mutations of them; and it must still take the common shapes, or it would save nothing.
 */
class CompiledBiomarkerCheckTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Path AS_SENT = Path.of("src/test/resources/as-sent");
    private static ConformancePackage conformance;
    private static BiomarkerValidator validator;
    private static CompiledBiomarkerCheck compiled;

    @BeforeAll
    static void compile() {
        conformance = ConformancePackage.loadFromClasspath(FHIR);
        validator = new BiomarkerValidator(
                FHIR,
                conformance,
                ForeignPackages.load(FHIR, List.of("classpath:oncofhir/profiles/packages/hl7.fhir.us.mcode-4.0.0.tgz")),
                new DefaultProfileValidationSupport(FHIR),
                false);
        compiled = validator.compiledCheck();
    }

    static Stream<Path> seeds() throws IOException {
        List<Path> seeds = new ArrayList<>(ProfileExamples.valid());
        ProfileExamples.invalid().forEach(i -> seeds.add(i.file()));
        try (Stream<Path> files = Files.list(AS_SENT)) {
            files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> JsonParser.parseString(ProfileExamples.read(f))
                            .getAsJsonObject()
                            .get("resourceType")
                            .getAsString()
                            .equals("Observation"))
                    .sorted()
                    .forEach(seeds::add);
        }
        return seeds.stream();
    }

    @Test
    void everyProfileOfThePackageCompiles() {
        assertThat(compiled.uncompiled(conformance)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void certainlyValidOnlyWhereHl7sValidatorPassesIt(Path file) {
        Observation observation = FHIR.newJsonParser().parseResource(Observation.class, ProfileExamples.read(file));
        assertAgrees(observation, file.getFileName().toString());
    }

    @Test
    void invalidExamplesAreNeverCertainlyValid() {
        for (ProfileExamples.Invalid invalid : ProfileExamples.invalid()) {
            Observation observation =
                    FHIR.newJsonParser().parseResource(Observation.class, ProfileExamples.read(invalid.file()));
            assertThat(compiled.certainlyValid(observation))
                    .as(invalid.toString())
                    .isFalse();
        }
    }

    /** The shapes it exists for: our examples and the benchmark's lab result, with and without a profile claim. */
    @Test
    void takesTheCommonShapes() {
        for (String example : List.of(
                "her2-ihc-3plus-breast.json",
                "her2-ihc-2plus.json",
                "er-positive-strong.json",
                "pr-negative-edge-below-1.json",
                "her2-ish-group1-fish.json",
                "pdl1-22c3-cps-positive.json",
                "her2-status-positive.json")) {
            Observation observation = FHIR.newJsonParser()
                    .parseResource(
                            Observation.class, ProfileExamples.read(Path.of("profiles/examples/valid", example)));
            assertThat(compiled.certainlyValid(observation)).as(example).isTrue();
        }
        assertThat(compiled.certainlyValid(labResult())).isTrue();
        assertThat(compiled.certainlyValid(BiomarkerValidator.warmUpSample())).isTrue();
        Observation withId = labResult();
        withId.setId("Observation/123/_history/2");
        withId.getMeta().setVersionId("2").getLastUpdatedElement().setValueAsString("2026-11-26T10:00:00.123+00:00");
        assertThat(compiled.certainlyValid(withId)).isTrue();
    }

    @Test
    void sendsWhatItDoesNotUnderstandToTheValidator() {
        Observation local = labResult();
        local.getCode().addCoding().setSystem("http://loinc.org").setCode("12345-6");
        Observation extended = labResult();
        extended.addExtension().setUrl("http://example.org/x").setValue(new org.hl7.fhir.r4.model.StringType("y"));
        Observation wrongDisplay = labResult();
        wrongDisplay.getValueCodeableConcept().getCodingFirstRep().setDisplay("positive");
        Observation foreignProfile = labResult();
        foreignProfile.getMeta().addProfile("http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tumor-marker-test");
        Map<String, Observation> cases = Map.of(
                "LOINC code outside the fragment",
                local,
                "extension",
                extended,
                "display",
                wrongDisplay,
                "foreign profile",
                foreignProfile);
        cases.forEach((what, observation) ->
                assertThat(compiled.certainlyValid(observation)).as(what).isFalse());
    }

    /**
     * Where HL7's FHIRPath engine and primitive checks differ from HAPI's R4 model (found by reading the validator):
     * offsets beyond 14:00, a decimal zero written 0.0 against {@code value = 0} (er-6), a component repeating the
     * Observation's code with a display (obs-7), and an id version HAPI's encoder writes as meta.versionId. The
     * validator refuses each; the compiled check must leave them to it.
     */
    @Test
    void whereTheEnginesDifferTheValidatorDecides() {
        Observation offset = labResult();
        offset.getEffectiveDateTimeType().setValueAsString("2024-03-07T10:00:00+14:30");
        Observation allred = parse("profiles/examples/valid/er-negative.json");
        allred.addComponent()
                .setCode(new CodeableConcept(new Coding(
                        "http://oncofhir.org/fhir/CodeSystem/biomarker-component", "allred-score", "Allred score")))
                .setValue(new Quantity()
                        .setValueElement(new DecimalType("0.0"))
                        .setUnit("{score}")
                        .setSystem("http://unitsofmeasure.org")
                        .setCode("{score}"));
        Observation repeated = parse("profiles/examples/valid/ehr-her2-ish-ratio-quantity.json");
        Coding code = repeated.getCode().getCodingFirstRep();
        repeated.addComponent()
                .setCode(new CodeableConcept(new Coding(
                        code.getSystem(),
                        code.getCode(),
                        "ERBB2 gene copy number/" + "Chromosome 17 copy number in Tissue by FISH")))
                .setValue(new Quantity(2.6)
                        .setUnit("{ratio}")
                        .setSystem("http://unitsofmeasure.org")
                        .setCode("{ratio}"));
        Observation version = labResult();
        version.setId("Observation/abc/_history/v_1");
        Map.of("offset", offset, "0.0", allred, "obs-7", repeated, "version", version)
                .forEach((what, observation) -> {
                    assertThat(compiled.certainlyValid(observation)).as(what).isFalse();
                    assertThat(BiomarkerValidator.errors(validator.validate(observation, null)))
                            .as(what)
                            .isNotEmpty();
                });
    }

    private static Observation parse(String file) {
        return FHIR.newJsonParser().parseResource(Observation.class, ProfileExamples.read(Path.of(file)));
    }

    /** Seeded mutations of every seed: values swapped, elements dropped, duplicated or added. */
    @Test
    void mutationsNeverPassWhereHl7sValidatorFails() throws IOException {
        Random random = new Random(20261126);
        List<JsonObject> seeds = new ArrayList<>();
        seeds().forEach(f ->
                seeds.add(JsonParser.parseString(ProfileExamples.read(f)).getAsJsonObject()));
        seeds.add(JsonParser.parseString(FHIR.newJsonParser().encodeResourceToString(labResult()))
                .getAsJsonObject());
        int certain = 0;
        int checked = 0;
        for (int i = 0; i < 6000; i++) {
            JsonObject mutant = seeds.get(random.nextInt(seeds.size())).deepCopy();
            int mutations = 1 + random.nextInt(2);
            for (int m = 0; m < mutations; m++) {
                Mutations.apply(mutant, random);
            }
            Observation observation;
            try {
                observation = FHIR.newJsonParser()
                        .setParserErrorHandler(new LenientErrorHandler(false))
                        .parseResource(Observation.class, mutant.toString());
            } catch (DataFormatException | ClassCastException e) {
                continue;
            }
            checked++;
            if (assertAgrees(observation, mutant.toString())) {
                certain++;
            }
        }
        assertThat(checked).isGreaterThan(4000);
        assertThat(certain).as("mutants certainly valid of %d", checked).isBetween(300, checked - 1000);
    }

    /** @return whether the compiled check took it */
    private static boolean assertAgrees(Observation observation, String what) {
        if (!compiled.certainlyValid(observation)) {
            return false;
        }
        ValidationResult full = validator.validate(observation, null);
        assertThat(BiomarkerValidator.errors(full)).as(what).isEmpty();
        assertThat(BiomarkerValidator.unknownProfiles(full)).as(what).isEmpty();
        return true;
    }

    /** The benchmark's HER2 IHC result (../shared/tools/fhir-load), no profile claimed. */
    private static Observation labResult() {
        return FHIR.newJsonParser()
                .parseResource(
                        Observation.class,
                        """
                {"resourceType":"Observation","status":"final",
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"85319-2","display":"HER2 [Presence] in Breast cancer specimen by Immune stain"}]},
                 "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-03-07T10:00:00Z",
                 "valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA6576-8","display":"Positive"}],"text":"HER2 IHC 3+"}}
                """);
    }

    /** Mutations drawn from what real senders get wrong, and from what HL7's validator checks. */
    private static final class Mutations {

        private static final List<String> STRINGS = List.of(
                "",
                " ",
                "x ",
                " x",
                "<b>3+</b>",
                "final",
                "preliminary",
                "registered",
                "amended",
                "entered-in-error",
                "laboratory",
                "LA6576-8",
                "LA6577-6",
                "LA11843-2",
                "LA11884-6",
                "85319-2",
                "85337-4",
                "48676-1",
                "16112-5",
                "12345-6",
                "Positive",
                "positive",
                "Negative",
                "3+",
                "2+",
                "%",
                "{score}",
                "mg",
                "1",
                "http://loinc.org",
                "http://snomed.info/sct",
                "http://unitsofmeasure.org",
                "urn:oid:1.2.3",
                "http://example.org/local",
                "Patient/p1",
                "Group/g1",
                "Specimen/s1",
                "#c1",
                "Patient/",
                "patient/p1",
                "2024-03-07",
                "2024-02-30",
                "2024-03-07T10:00:00",
                "2024-03-07T10:00:00Z",
                "1799-01-01",
                "24-03-07",
                "http://oncofhir.org/fhir/StructureDefinition/her2-ihc",
                "http://oncofhir.org/fhir/StructureDefinition/estrogen-receptor",
                "http://oncofhir.org/fhir/StructureDefinition/pd-l1",
                "http://oncofhir.org/fhir/StructureDefinition/her2-status",
                "http://oncofhir.org/fhir/StructureDefinition/her2-ihc|1.0.0",
                "http://hl7.org/fhir/StructureDefinition/Observation",
                "HER2 [Presence] in Breast cancer specimen by Immune stain",
                "ünïcödé",
                "a\u202Eb",
                "x".repeat(2000));

        /** Decimals as senders write them: trailing zeros, negative zero, edges of the profiles' ranges. */
        private static final List<String> NUMBERS = List.of(
                "0", "0.0", "-0", "0.00", "1", "1.0", "2", "2.0", "2.00", "-1.5", "8", "10", "10.0", "100", "100.5",
                "300", "0.5");

        private static final List<String> NEW_ELEMENTS = List.of(
                "{\"dataAbsentReason\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/data-absent-reason\",\"code\":\"unknown\"}]}}",
                "{\"valueString\":\"3+\"}",
                "{\"valueQuantity\":{\"value\":3,\"unit\":\"%\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"%\"}}",
                "{\"valueQuantity\":{\"value\":3,\"system\":\"http://unitsofmeasure.org\",\"code\":\"{score}\"}}",
                "{\"valueQuantity\":{\"value\":3,\"code\":\"%\"}}",
                "{\"valueQuantity\":{\"value\":3,\"system\":\"http://unitsofmeasure.org\",\"code\":\"percent\"}}",
                "{\"effectivePeriod\":{\"start\":\"2024-03-08\",\"end\":\"2024-03-07\"}}",
                "{\"effectiveDateTime\":\"2024-03-07T10:00:00+01:00\"}",
                "{\"issued\":\"2024-03-07T10:00:00Z\"}",
                "{\"issued\":\"2024-03-07T10:00:00\"}",
                "{\"text\":{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">x</div>\"}}",
                "{\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare\",\"valueString\":\"x\"}]}",
                "{\"identifier\":[{\"system\":\"http://lab.example.org/accession\",\"value\":\"A-123\"}]}",
                "{\"identifier\":[{\"system\":\"https://tools.ietf.org/html/rfc4122\",\"value\":\"nope\"}]}",
                "{\"interpretation\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation\",\"code\":\"POS\"}]}]}",
                "{\"interpretation\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation\",\"code\":\"NOPE\"}]}]}",
                "{\"specimen\":{\"reference\":\"Specimen/s1\"}}",
                "{\"specimen\":{\"reference\":\"Patient/p1\"}}",
                "{\"derivedFrom\":[{\"reference\":\"Observation/o1\"}]}",
                "{\"method\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"426329006\"}]}}",
                "{\"component\":[{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"85319-2\"}]},\"valueQuantity\":{\"value\":1}}]}",
                "{\"component\":[{\"valueQuantity\":{\"value\":1}}]}",
                "{\"contained\":[{\"resourceType\":\"Specimen\",\"id\":\"c1\"}]}",
                "{\"meta\":{\"profile\":[\"http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tumor-marker-test\"]}}",
                "{\"meta\":{\"tag\":[{\"system\":\"http://example.org/tags\",\"code\":\"t\"}]}}",
                "{\"meta\":{\"source\":\"#abc123\",\"versionId\":\"3\",\"lastUpdated\":\"2024-03-07T10:00:00.123+00:00\"}}",
                "{\"subject\":{\"reference\":\"Patient/p1\",\"display\":\"Jane <Doe>\"}}",
                "{\"category\":[]}",
                "{\"code\":{\"text\":\"HER2\"}}");

        static void apply(JsonObject root, Random random) {
            List<Map.Entry<JsonElement, Object>> slots = new ArrayList<>();
            collect(root, slots);
            switch (random.nextInt(6)) {
                case 0, 1 -> replace(
                        slots.get(random.nextInt(slots.size())), STRINGS.get(random.nextInt(STRINGS.size())));
                case 2 -> remove(slots.get(random.nextInt(slots.size())));
                case 3 -> duplicate(slots.get(random.nextInt(slots.size())));
                case 4 -> repeatCodeInComponent(root);
                default -> {
                    JsonObject added = JsonParser.parseString(NEW_ELEMENTS.get(random.nextInt(NEW_ELEMENTS.size())))
                            .getAsJsonObject();
                    added.entrySet().forEach(e -> root.add(e.getKey(), e.getValue()));
                }
            }
        }

        /** A component coded like the Observation itself, display added (obs-7). */
        private static void repeatCodeInComponent(JsonObject root) {
            if (!root.has("code") || !root.get("code").isJsonObject()) {
                return;
            }
            JsonElement codings = root.getAsJsonObject("code").get("coding");
            if (codings == null
                    || !codings.isJsonArray()
                    || codings.getAsJsonArray().isEmpty()
                    || !codings.getAsJsonArray().get(0).isJsonObject()) {
                return;
            }
            JsonObject coding =
                    codings.getAsJsonArray().get(0).getAsJsonObject().deepCopy();
            coding.addProperty("display", "Repeated");
            JsonObject component = JsonParser.parseString("{\"code\":{\"coding\":[]},\"valueQuantity\":{\"value\":1}}")
                    .getAsJsonObject();
            component.getAsJsonObject("code").getAsJsonArray("coding").add(coding);
            if (!root.has("component") || !root.get("component").isJsonArray()) {
                root.add("component", new JsonArray());
            }
            root.getAsJsonArray("component").add(component);
        }

        /** Every value below the root, with its parent and key (object) or index (array). */
        private static void collect(JsonElement node, List<Map.Entry<JsonElement, Object>> slots) {
            if (node.isJsonObject()) {
                for (Map.Entry<String, JsonElement> e : node.getAsJsonObject().entrySet()) {
                    if (!e.getKey().equals("resourceType")) {
                        slots.add(Map.entry(node, e.getKey()));
                        collect(e.getValue(), slots);
                    }
                }
            } else if (node.isJsonArray()) {
                JsonArray array = node.getAsJsonArray();
                for (int i = 0; i < array.size(); i++) {
                    slots.add(Map.entry(node, i));
                    collect(array.get(i), slots);
                }
            }
        }

        private static void replace(Map.Entry<JsonElement, Object> slot, String value) {
            JsonElement replacement = new JsonPrimitive(value);
            if (slot.getValue() instanceof String key) {
                JsonElement old = slot.getKey().getAsJsonObject().get(key);
                if (old != null
                        && old.isJsonPrimitive()
                        && old.getAsJsonPrimitive().isNumber()) {
                    replacement = new JsonPrimitive(
                            new BigDecimal(NUMBERS.get(Math.floorMod(value.hashCode(), NUMBERS.size()))));
                }
                slot.getKey().getAsJsonObject().add(key, replacement);
            } else {
                slot.getKey().getAsJsonArray().set((Integer) slot.getValue(), replacement);
            }
        }

        private static void remove(Map.Entry<JsonElement, Object> slot) {
            if (slot.getValue() instanceof String key) {
                slot.getKey().getAsJsonObject().remove(key);
            } else {
                slot.getKey().getAsJsonArray().remove((int) (Integer) slot.getValue());
            }
        }

        private static void duplicate(Map.Entry<JsonElement, Object> slot) {
            if (slot.getValue() instanceof Integer index) {
                JsonArray array = slot.getKey().getAsJsonArray();
                array.add(array.get(index).deepCopy());
            } else {
                JsonObject parent = slot.getKey().getAsJsonObject();
                JsonElement value = parent.get((String) slot.getValue());
                if (value.isJsonArray()) {
                    value.getAsJsonArray()
                            .add(
                                    value.getAsJsonArray().isEmpty()
                                            ? new JsonObject()
                                            : value.getAsJsonArray().get(0).deepCopy());
                } else {
                    JsonArray twice = new JsonArray();
                    twice.add(value.deepCopy());
                    twice.add(value.deepCopy());
                    parent.add((String) slot.getValue(), twice);
                }
            }
        }
    }
}
