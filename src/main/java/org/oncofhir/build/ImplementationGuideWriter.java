package org.oncofhir.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.ImplementationGuide.GuidePageGeneration;
import org.hl7.fhir.r4.model.ImplementationGuide.ImplementationGuideDefinitionPageComponent;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UrlType;
import org.oncofhir.conformance.ConformancePackage;

/**
 * Build step (Maven {@code process-classes}, after the snapshots): writes the package's ImplementationGuide resource
 * from {@code package.json} and the resources that are actually there, so it cannot list a resource the package
 * lacks or miss one it has. Each resource and example gets its page in the guide ({@link IgPagesWriter}).
 *
 * <p>Usage: {@code ImplementationGuideWriter <builtProfilesDir> <terminologyDir> <examplesDir>}; the guide is written
 * into the built profiles directory, where the package writer and the server pick it up.
 */
public final class ImplementationGuideWriter {

    static final String FILE = "ImplementationGuide-oncofhir.json";

    private ImplementationGuideWriter() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException(
                    "usage: ImplementationGuideWriter <builtProfilesDir> <terminologyDir> <examplesDir>");
        }
        Path profiles = Path.of(args[0]);
        FhirContext fhir = FhirContext.forR4();
        IParser parser = fhir.newJsonParser().setPrettyPrint(true);
        ImplementationGuide guide = guide(
                new ObjectMapper().readTree(profiles.resolve("package.json").toFile()),
                read(parser, files(profiles, "StructureDefinition-")),
                read(parser, files(Path.of(args[1]), "")),
                read(parser, files(Path.of(args[2]), "")));
        Files.writeString(profiles.resolve(FILE), parser.encodeResourceToString(guide));
        System.out.println("ImplementationGuide written: " + profiles.resolve(FILE));
    }

    static ImplementationGuide guide(
            JsonNode manifest, List<Resource> profiles, List<Resource> terminology, List<Resource> examples) {
        ImplementationGuide guide = new ImplementationGuide();
        guide.setUrl(ConformancePackage.IMPLEMENTATION_GUIDE);
        guide.setId(guide.getUrl().substring(guide.getUrl().lastIndexOf('/') + 1));
        guide.setVersion(manifest.get("version").asText());
        guide.setName("OncoFhirBreastCancerBiomarkers");
        guide.setTitle(manifest.get("title").asText());
        guide.setStatus(PublicationStatus.ACTIVE);
        guide.setPublisher(manifest.get("author").asText());
        guide.setDescription(manifest.get("description").asText());
        guide.setPackageId(manifest.get("name").asText());
        guide.setLicense(
                ImplementationGuide.SPDXLicense.fromCode(manifest.get("license").asText()));
        guide.addFhirVersion(FHIRVersion._4_0_1);

        ImplementationGuideDefinitionPageComponent index = guide.getDefinition()
                .getPage()
                .setName(new UrlType("index.html"))
                .setTitle(guide.getTitle())
                .setGeneration(GuidePageGeneration.GENERATED);
        List<Resource> definitions = new ArrayList<>(profiles);
        definitions.addAll(terminology);
        for (Resource resource : definitions) {
            MetadataResource metadata = (MetadataResource) resource;
            guide.getDefinition()
                    .addResource()
                    .setReference(new Reference(resource.fhirType() + "/" + resource.getIdPart()))
                    .setName(metadata.hasTitle() ? metadata.getTitle() : metadata.getName())
                    .setDescription(metadata.getDescription())
                    .setExample(new BooleanType(false));
            page(index, resource, metadata.hasTitle() ? metadata.getTitle() : metadata.getName());
        }
        for (Resource example : examples) {
            ImplementationGuide.ImplementationGuideDefinitionResourceComponent entry = guide.getDefinition()
                    .addResource()
                    .setReference(new Reference(example.fhirType() + "/" + example.getIdPart()))
                    .setName("Example " + example.getIdPart());
            if (example.getMeta().hasProfile()) {
                entry.setExample(example.getMeta().getProfile().get(0).copy());
            } else {
                entry.setExample(new BooleanType(true));
            }
            page(index, example, "Example " + example.getIdPart());
        }
        return guide;
    }

    private static void page(ImplementationGuideDefinitionPageComponent index, Resource resource, String title) {
        index.addPage()
                .setName(new UrlType(resource.fhirType() + "-" + resource.getIdPart() + ".html"))
                .setTitle(title)
                .setGeneration(GuidePageGeneration.GENERATED);
    }

    private static List<Resource> read(IParser parser, List<Path> files) throws IOException {
        List<Resource> resources = new ArrayList<>();
        for (Path file : files) {
            resources.add((Resource) parser.parseResource(Files.readString(file)));
        }
        return resources;
    }

    static List<Path> files(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.toString().endsWith(".json")
                            && !p.getFileName().toString().equals("package.json")
                            && !p.getFileName().toString().equals(FILE))
                    .sorted()
                    .toList();
        }
    }
}
