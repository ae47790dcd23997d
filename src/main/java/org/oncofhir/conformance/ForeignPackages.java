package org.oncofhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * Implementation guides other than ours whose profiles incoming results claim (mCODE's TumorMarkerTest, say), read
 * from FHIR NPM packages: the one the jar ships ({@code profiles/packages/}) and any an operator adds
 * ({@code oncofhir.validation.packages}, a {@code classpath:} location or a file path to a {@code .tgz}). Their
 * StructureDefinitions (with the snapshots the packages carry), ValueSets and CodeSystems join the validation
 * chain; a package's own dependencies are not fetched (nothing outside this server is ever called).
 */
final class ForeignPackages {

    private ForeignPackages() {}

    static PrePopulatedValidationSupport load(FhirContext fhirContext, List<String> locations) {
        PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(fhirContext);
        IParser parser = fhirContext.newJsonParser();
        for (String location : locations) {
            try (InputStream in = open(location)) {
                NpmPackage npm = NpmPackage.fromPackage(in);
                for (String file : npm.listResources("StructureDefinition", "ValueSet", "CodeSystem")) {
                    try (InputStream resource = npm.load("package", file)) {
                        support.addResource(parser.parseResource(resource));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("IG package " + location + " could not be read: " + e.getMessage(), e);
            }
        }
        return support;
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String name = location.substring("classpath:".length()).replaceFirst("^/", "");
            InputStream in = ForeignPackages.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IOException("not on the class path");
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }
}
