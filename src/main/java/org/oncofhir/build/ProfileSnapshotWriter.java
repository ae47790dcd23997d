package org.oncofhir.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.oncofhir.codes.CodeSystems;

/**
 * Build step (run by Maven at {@code process-classes}): generates the snapshot of every profile from its
 * differential in {@code profiles/} and writes the complete StructureDefinitions over the copies in the build
 * output, so the server and the IG package ship snapshots and start-up generates none. The differentials in
 * {@code profiles/} stay the only hand-kept source.
 *
 * <p>Usage: {@code ProfileSnapshotWriter <profilesDir> <terminologyDir> <outputDir>}.
 */
public final class ProfileSnapshotWriter {

    private static final String SNAPSHOT_BASE_VERSION =
            "http://hl7.org/fhir/tools/StructureDefinition/snapshot-base-version";

    private ProfileSnapshotWriter() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException(
                    "usage: ProfileSnapshotWriter <profilesDir> <terminologyDir> <outputDir>");
        }
        FhirContext fhir = FhirContext.forR4();
        IParser parser = fhir.newJsonParser().setPrettyPrint(true);
        Path output = Files.createDirectories(Path.of(args[2]));

        PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(fhir);
        for (Path file : files(Path.of(args[1]), "CodeSystem-")) {
            ours.addCodeSystem(parser.parseResource(CodeSystem.class, Files.readString(file)));
        }
        for (Path file : files(Path.of(args[1]), "ValueSet-")) {
            ours.addValueSet(parser.parseResource(ValueSet.class, Files.readString(file)));
        }
        List<Path> differentials = files(Path.of(args[0]), "StructureDefinition-");
        for (Path file : differentials) {
            ours.addStructureDefinition(parser.parseResource(StructureDefinition.class, Files.readString(file)));
        }
        ValidationSupportChain chain = new ValidationSupportChain(
                ours,
                new DefaultProfileValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir));
        SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(fhir);

        for (Path file : differentials) {
            StructureDefinition differential = parser.parseResource(StructureDefinition.class, Files.readString(file));
            StructureDefinition profile = (StructureDefinition) generator.generateSnapshot(
                    new ValidationSupportContext(chain),
                    differential,
                    differential.getUrl(),
                    CodeSystems.CANONICAL_BASE,
                    differential.getName());
            if (profile == null || !profile.hasSnapshot()) {
                throw new IllegalStateException("Could not generate a snapshot for " + differential.getUrl());
            }
            // The generator stamps the snapshot with a tooling extension no package publishes a definition of,
            // so validators outside cannot resolve it; the base version it records is the package's FHIR version.
            profile.getSnapshot().getExtension().removeIf(e -> e.getUrl().equals(SNAPSHOT_BASE_VERSION));
            Files.writeString(output.resolve(file.getFileName()), parser.encodeResourceToString(profile));
        }
        System.out.println("Snapshots generated for " + differentials.size() + " profiles into " + output);
    }

    private static List<Path> files(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }
}
