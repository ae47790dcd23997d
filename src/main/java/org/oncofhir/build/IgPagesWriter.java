package org.oncofhir.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_40_50;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.conformance.profile.BindingResolution;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.context.SimpleWorkerContext;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.ElementDefinition.ElementDefinitionConstraintComponent;
import org.hl7.fhir.r5.model.ImplementationGuide;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.ValueSet;
import org.hl7.fhir.r5.renderers.Renderer.RenderingStatus;
import org.hl7.fhir.r5.renderers.RendererFactory;
import org.hl7.fhir.r5.renderers.StructureDefinitionRenderer;
import org.hl7.fhir.r5.renderers.utils.RenderingContext;
import org.hl7.fhir.r5.renderers.utils.RenderingContext.GenerationRules;
import org.hl7.fhir.r5.renderers.utils.RenderingContext.ResourceRendererMode;
import org.hl7.fhir.r5.renderers.utils.ResourceWrapper;
import org.hl7.fhir.utilities.ByteProvider;
import org.hl7.fhir.utilities.FhirPublication;
import org.hl7.fhir.utilities.MarkDownProcessor;
import org.hl7.fhir.utilities.validation.ValidationOptions;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlComposer;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.oncofhir.terminology.ExpansionRequest;
import org.oncofhir.terminology.PackageTerminology;

/**
 * Build step (Maven {@code process-classes}, after the ImplementationGuide and the package): renders the
 * implementation guide's pages with the HL7 core library's renderers: an index, one page per profile (element
 * tables, bindings linked to their value sets, constraints with their human text, examples), per ValueSet (its
 * definition and its expansion, from the same in-memory engine the server answers {@code $expand} with), per
 * CodeSystem, per ConceptMap and per example; and copies the package next to them as {@code package.tgz}. The
 * server serves the result at {@code /ig/}: nothing is rendered at start-up.
 *
 * <p>Usage: {@code IgPagesWriter <builtProfilesDir> <terminologyDir> <examplesDir> <package.tgz> <outputDir>}.
 */
public final class IgPagesWriter {

    private final FhirContext r4 = FhirContext.forR4();
    private final IParser parser = r4.newJsonParser().setPrettyPrint(true);
    private final Path output;
    private RenderingContext rendering;

    private IgPagesWriter(Path output) {
        this.output = output;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: IgPagesWriter <builtProfilesDir> <terminologyDir> "
                    + "<examplesDir> <package.tgz> <outputDir>");
        }
        long start = System.nanoTime();
        Path output = Files.createDirectories(Path.of(args[4]));
        int pages = new IgPagesWriter(output).write(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
        Files.copy(Path.of(args[3]), output.resolve("package.tgz"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                Path.of(args[0]).resolve(ImplementationGuideWriter.FILE),
                output.resolve(ImplementationGuideWriter.FILE),
                StandardCopyOption.REPLACE_EXISTING);
        TableImages.write(output);
        System.out.printf(
                "Implementation guide: %d pages written to %s in %d ms%n",
                pages, output, (System.nanoTime() - start) / 1_000_000);
    }

    private int write(Path profilesDir, Path terminologyDir, Path examplesDir) throws IOException {
        List<org.hl7.fhir.r4.model.Resource> profiles = read(profilesDir, "StructureDefinition-");
        List<org.hl7.fhir.r4.model.Resource> terminology = read(terminologyDir, "");
        List<org.hl7.fhir.r4.model.Resource> examples = read(examplesDir, "");
        ImplementationGuide guide =
                (ImplementationGuide) VersionConvertorFactory_40_50.convertResource((org.hl7.fhir.r4.model.Resource)
                        parser.parseResource(Files.readString(profilesDir.resolve(ImplementationGuideWriter.FILE))));
        PackageTerminology expansions = new PackageTerminology(
                ofType(terminology, org.hl7.fhir.r4.model.CodeSystem.class),
                ofType(terminology, org.hl7.fhir.r4.model.ValueSet.class),
                ofType(terminology, org.hl7.fhir.r4.model.ConceptMap.class));

        List<CanonicalResource> definitions = new ArrayList<>();
        for (org.hl7.fhir.r4.model.Resource resource : concat(profiles, terminology)) {
            CanonicalResource converted = (CanonicalResource) VersionConvertorFactory_40_50.convertResource(resource);
            converted.setId(resource.getIdPart());
            converted.setWebPath(IgLinks.page(converted));
            definitions.add(converted);
        }
        SimpleWorkerContext context = context(definitions);
        String canonicalBase = guide.getUrl().substring(0, guide.getUrl().indexOf("/ImplementationGuide/"));
        IgLinks links = new IgLinks(context, canonicalBase);
        rendering = new RenderingContext(
                context,
                new MarkDownProcessor(MarkDownProcessor.Dialect.COMMON_MARK),
                new ValidationOptions(FhirPublication.R4),
                IgLinks.SPEC,
                "",
                Locale.US,
                ResourceRendererMode.TECHNICAL,
                GenerationRules.VALID_RESOURCE);
        rendering.setPkp(links);
        rendering.setProfileUtilities(new ProfileUtilities(context, new ArrayList<>(), links));
        rendering.setDestDir(output.toString());
        rendering.setDefinitionsTarget("");
        rendering.setNoSlowLookup(true);

        int pages = 0;
        for (CanonicalResource definition : definitions) {
            XhtmlNode body = page(definition.fhirType() + ": " + definition.present(), definition.getDescription());
            if (definition instanceof StructureDefinition profile) {
                profile(profile, examplesOf(profile, examples), links, body);
            } else if (definition instanceof ValueSet valueSet) {
                body.h2().tx("Definition");
                body.addChildNode(narrative(valueSet));
                body.h2().tx("Expansion");
                ValueSet expanded = valueSet.copy();
                expanded.setExpansion(((ValueSet) VersionConvertorFactory_40_50.convertResource(
                                expansions.expand(valueSet.getUrl(), ExpansionRequest.ALL)))
                        .getExpansion());
                body.addChildNode(narrative(expanded));
            } else {
                body.addChildNode(narrative(definition));
            }
            save(IgLinks.page(definition), definition.present(), body);
            pages++;
        }
        for (org.hl7.fhir.r4.model.Resource example : examples) {
            XhtmlNode body = page("Example " + example.getIdPart(), null);
            if (example.getMeta().hasProfile()) {
                String profile = example.getMeta().getProfile().get(0).getValue();
                XhtmlNode conforms = body.para();
                conforms.tx("Conforms to ");
                conforms.ah(links.getLinkForProfile(null, profile).split("\\|")[0])
                        .tx(profile);
            }
            body.pre().tx(parser.encodeResourceToString(example));
            save(example.fhirType() + "-" + example.getIdPart() + ".html", "Example " + example.getIdPart(), body);
            pages++;
        }
        save("index.html", guide.getTitle(), index(guide, definitions, examples));
        return pages + 1;
    }

    /** R4 core definitions, converted, and the package's own: all the renderers look up. */
    private SimpleWorkerContext context(List<CanonicalResource> definitions) throws IOException {
        SimpleWorkerContext context = new SimpleWorkerContext.SimpleWorkerContextBuilder()
                .withAllowLoadingDuplicates(true)
                .withDefaultParams()
                .fromDefinitions(
                        Map.of(
                                "version.info",
                                ByteProvider.forBytes("version=4.0.1\n".getBytes(StandardCharsets.UTF_8))),
                        null,
                        null);
        context.setCanRunWithoutTerminology(true);
        context.setNoTerminologyServer(true);
        for (IBaseResource core :
                new DefaultProfileValidationSupport(r4).<IBaseResource>fetchAllStructureDefinitions()) {
            StructureDefinition type = (StructureDefinition)
                    VersionConvertorFactory_40_50.convertResource((org.hl7.fhir.r4.model.Resource) core);
            type.setWebPath(IgLinks.SPEC + type.getType().toLowerCase(Locale.ROOT) + ".html");
            context.cacheResource(type);
        }
        for (CanonicalResource definition : definitions) {
            context.cacheResource(definition);
        }
        return context;
    }

    private void profile(
            StructureDefinition profile, List<org.hl7.fhir.r4.model.Resource> examples, IgLinks links, XhtmlNode body)
            throws IOException {
        try {
            StructureDefinitionRenderer renderer = new StructureDefinitionRenderer(rendering);
            ResourceWrapper wrapper = ResourceWrapper.forResource(rendering.getContextUtilities(), profile);
            renderer.genSummaryTable(new RenderingStatus(), body, profile);
            body.h2().tx("Differential: what this profile changes");
            body.addChildNode(table(renderer, profile, wrapper, true));
            body.h2().tx("Snapshot: the complete resource as constrained");
            body.addChildNode(table(renderer, profile, wrapper, false));
        } catch (Exception e) {
            throw new IOException("Cannot render " + profile.getUrl(), e);
        }
        body.h2().tx("Terminology bindings");
        XhtmlNode bindings = grid(body, "Element", "Strength", "Value set");
        for (ElementDefinition element : profile.getSnapshot().getElement()) {
            if (element.hasBinding() && element.getBinding().hasValueSet()) {
                BindingResolution resolved =
                        links.resolveBinding(profile, element.getBinding().getValueSet(), element.getPath());
                XhtmlNode row = bindings.tr();
                row.td().code().tx(element.getId());
                row.td().tx(element.getBinding().getStrength().toCode());
                XhtmlNode cell = row.td();
                if (resolved.url == null) {
                    cell.tx(resolved.display);
                } else {
                    cell.ah(resolved.url).tx(resolved.display);
                }
            }
        }
        body.h2().tx("Constraints");
        XhtmlNode constraints = grid(body, "Key", "Severity", "Element", "Rule", "FHIRPath");
        for (ElementDefinition element : profile.getSnapshot().getElement()) {
            for (ElementDefinitionConstraintComponent constraint : element.getConstraint()) {
                XhtmlNode row = constraints.tr();
                row.setAttribute("class", "constraint");
                row.td().b().tx(constraint.getKey());
                row.td().tx(constraint.hasSeverity() ? constraint.getSeverity().toCode() : "");
                row.td().code().tx(element.getId());
                row.td().setAttribute("class", "human").tx(constraint.getHuman());
                row.td().code().tx(constraint.getExpression());
            }
        }
        XhtmlNode list = examples(body, examples);
        if (examples.isEmpty()) {
            list.li().tx("None: this profile is the base the others derive from.");
        }
    }

    private XhtmlNode table(
            StructureDefinitionRenderer renderer, StructureDefinition profile, ResourceWrapper wrapper, boolean diff)
            throws Exception {
        String prefix = diff ? "d" : "s";
        return renderer.generateTable(
                new RenderingStatus(),
                "",
                profile,
                diff,
                rendering.getDestDir(),
                false,
                profile.getId(),
                !diff,
                IgLinks.SPEC,
                "",
                false,
                false,
                null,
                false,
                rendering.withUniqueLocalPrefix(prefix),
                prefix,
                wrapper,
                prefix.toUpperCase(Locale.ROOT));
    }

    private XhtmlNode narrative(Resource resource) throws IOException {
        try {
            ResourceWrapper wrapper = ResourceWrapper.forResource(rendering.getContextUtilities(), resource);
            return RendererFactory.factory(wrapper, rendering).buildNarrative(wrapper);
        } catch (Exception e) {
            throw new IOException("Cannot render " + resource.fhirType() + "/" + resource.getIdBase(), e);
        }
    }

    private XhtmlNode index(
            ImplementationGuide guide,
            List<CanonicalResource> definitions,
            List<org.hl7.fhir.r4.model.Resource> examples) {
        XhtmlNode body = page(guide.getTitle(), guide.getDescription());
        XhtmlNode facts = body.para();
        facts.tx("Package " + guide.getPackageId() + " version " + guide.getVersion() + ", FHIR R4 (4.0.1). ");
        facts.ah("package.tgz").tx("Download the FHIR package");
        facts.tx(" (the same file the build writes). Canonical: ");
        facts.code().tx(guide.getUrl());
        for (String type : List.of("StructureDefinition", "ValueSet", "CodeSystem", "ConceptMap")) {
            body.h2()
                    .tx(
                            switch (type) {
                                case "StructureDefinition" -> "Profiles";
                                case "ValueSet" -> "Value sets";
                                case "CodeSystem" -> "Code systems";
                                default -> "Concept maps";
                            });
            XhtmlNode table = body.table("grid");
            for (CanonicalResource definition : definitions) {
                if (definition.fhirType().equals(type)) {
                    XhtmlNode row = table.tr();
                    row.td().ah(IgLinks.page(definition)).tx(definition.present());
                    row.td().code().tx(definition.getUrl());
                    row.td().tx(definition.getDescription());
                }
            }
        }
        examples(body, examples);
        return body;
    }

    private static XhtmlNode grid(XhtmlNode parent, String... headers) {
        XhtmlNode table = parent.table("grid");
        XhtmlNode row = table.tr();
        for (String header : headers) {
            row.th().tx(header);
        }
        return table;
    }

    private static XhtmlNode examples(XhtmlNode parent, List<org.hl7.fhir.r4.model.Resource> examples) {
        parent.h2().tx("Examples");
        XhtmlNode list = parent.ul();
        for (org.hl7.fhir.r4.model.Resource example : examples) {
            list.li()
                    .ah(example.fhirType() + "-" + example.getIdPart() + ".html")
                    .tx(example.getIdPart());
        }
        return list;
    }

    private static XhtmlNode page(String title, String description) {
        XhtmlNode body = new XhtmlNode(NodeType.Element, "div");
        XhtmlNode nav = body.para();
        nav.setAttribute("class", "nav");
        nav.ah("index.html").tx("OncoFHIR implementation guide");
        body.h1().tx(title);
        if (description != null && !description.isBlank()) {
            body.para().tx(description);
        }
        return body;
    }

    private void save(String file, String title, XhtmlNode body) throws IOException {
        XhtmlNode html = new XhtmlNode(NodeType.Element, "html");
        XhtmlNode head = html.addTag("head");
        head.addTag("meta").setAttribute("charset", "utf-8");
        head.addTag("title").tx(title);
        head.addTag("link").setAttribute("rel", "stylesheet").setAttribute("href", "ig.css");
        html.addTag("body").addChildNode(body);
        Files.writeString(
                output.resolve(file),
                "<!DOCTYPE html>\n" + new XhtmlComposer(XhtmlComposer.HTML, true).compose(html),
                StandardCharsets.UTF_8);
    }

    private List<org.hl7.fhir.r4.model.Resource> examplesOf(
            StructureDefinition profile, List<org.hl7.fhir.r4.model.Resource> examples) {
        return examples.stream()
                .filter(e -> e.getMeta().getProfile().stream()
                        .anyMatch(p -> p.getValue().equals(profile.getUrl())))
                .toList();
    }

    private List<org.hl7.fhir.r4.model.Resource> read(Path dir, String prefix) throws IOException {
        List<org.hl7.fhir.r4.model.Resource> resources = new ArrayList<>();
        for (Path file : ImplementationGuideWriter.files(dir, prefix)) {
            resources.add((org.hl7.fhir.r4.model.Resource) parser.parseResource(Files.readString(file)));
        }
        return resources;
    }

    private static <T> List<T> ofType(List<org.hl7.fhir.r4.model.Resource> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<org.hl7.fhir.r4.model.Resource> concat(
            List<org.hl7.fhir.r4.model.Resource> a, List<org.hl7.fhir.r4.model.Resource> b) {
        List<org.hl7.fhir.r4.model.Resource> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
