package org.oncofhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;

/** The built FHIR package loads with the HL7 NPM package reader that external validators use. */
class IgPackageIT {

    @Test
    void builtPackageLoadsWithTheHl7PackageReader() throws Exception {
        Path tgz;
        try (var files = Files.list(Path.of("target"))) {
            tgz = files.filter(p -> p.getFileName().toString().matches("oncofhir-ig-.*\\.tgz"))
                    .findFirst()
                    .orElseThrow();
        }
        NpmPackage npm;
        try (InputStream in = Files.newInputStream(tgz)) {
            npm = NpmPackage.fromPackage(in);
        }

        assertThat(npm.name()).isEqualTo("org.oncofhir.breast-biomarkers");
        assertThat(npm.fhirVersion()).isEqualTo("4.0.1");
        assertThat(npm.dependencies()).contains("hl7.fhir.r4.core#4.0.1");
        List<String> profiles = npm.listResources("StructureDefinition");
        assertThat(profiles)
                .contains(
                        "StructureDefinition-her2-ihc.json",
                        "StructureDefinition-her2-ish.json",
                        "StructureDefinition-estrogen-receptor.json",
                        "StructureDefinition-progesterone-receptor.json",
                        "StructureDefinition-pd-l1.json",
                        "StructureDefinition-her2-status.json",
                        "StructureDefinition-biomarker-observation.json");
        assertThat(npm.listResources("ValueSet"))
                .contains("ValueSet-her2-ihc-score.json", "ValueSet-endocrine-drugs.json");
        assertThat(npm.listResources("CodeSystem"))
                .contains("CodeSystem-her2-status.json", "CodeSystem-loinc-fragment.json");
        assertThat(npm.loadResource("StructureDefinition-her2-ihc.json")).isNotNull();
    }
}
