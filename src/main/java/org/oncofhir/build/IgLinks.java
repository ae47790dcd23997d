package org.oncofhir.build;

import java.util.List;
import org.hl7.fhir.r5.conformance.profile.BindingResolution;
import org.hl7.fhir.r5.conformance.profile.ProfileKnowledgeProvider;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.hl7.fhir.r5.model.CodeSystem;
import org.hl7.fhir.r5.model.ConceptMap;
import org.hl7.fhir.r5.model.ElementDefinition.ElementDefinitionBindingComponent;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r5.model.ValueSet;

/**
 * Where the HL7 renderers link to: the package's own resources to their pages next to each other, FHIR core types
 * and value sets to the published R4 specification.
 */
final class IgLinks implements ProfileKnowledgeProvider {

    static final String SPEC = "https://hl7.org/fhir/R4/";

    private final IWorkerContext context;
    private final String canonicalBase;

    IgLinks(IWorkerContext context, String canonicalBase) {
        this.context = context;
        this.canonicalBase = canonicalBase;
    }

    static String page(Resource resource) {
        return resource.fhirType() + "-" + resource.getIdBase() + ".html";
    }

    private StructureDefinition type(String name) {
        return context.fetchTypeDefinition(name);
    }

    @Override
    public boolean isDatatype(String name) {
        StructureDefinition type = type(name);
        return type != null
                && (type.getKind() == StructureDefinitionKind.COMPLEXTYPE
                        || type.getKind() == StructureDefinitionKind.PRIMITIVETYPE);
    }

    @Override
    public boolean isPrimitiveType(String name) {
        StructureDefinition type = type(name);
        return type != null && type.getKind() == StructureDefinitionKind.PRIMITIVETYPE;
    }

    @Override
    public boolean isResource(String name) {
        StructureDefinition type = type(name);
        return type != null && type.getKind() == StructureDefinitionKind.RESOURCE;
    }

    @Override
    public boolean hasLinkFor(String name) {
        return type(name) != null;
    }

    @Override
    public String getLinkFor(String corePath, String name) {
        String type = name.replace("http://hl7.org/fhir/StructureDefinition/", "");
        return isDatatype(type) ? SPEC + "datatypes.html#" + type : SPEC + type.toLowerCase() + ".html";
    }

    @Override
    public BindingResolution resolveBinding(
            StructureDefinition profile, ElementDefinitionBindingComponent binding, String path) {
        return binding.hasValueSet()
                ? resolveBinding(profile, binding.getValueSet(), path)
                : new BindingResolution(binding.getDescription(), null);
    }

    @Override
    public BindingResolution resolveBinding(StructureDefinition profile, String canonical, String path) {
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        ValueSet valueSet = context.fetchResource(ValueSet.class, url);
        if (valueSet == null) {
            return new BindingResolution(
                    url,
                    url.startsWith("http://hl7.org/fhir/ValueSet/")
                            ? SPEC + "valueset-" + url.substring("http://hl7.org/fhir/ValueSet/".length()) + ".html"
                            : null);
        }
        return new BindingResolution(
                valueSet.present(),
                url.startsWith(canonicalBase) ? page(valueSet) : SPEC + "valueset-" + valueSet.getIdBase() + ".html");
    }

    /** The renderer splits the answer at {@code |} into link and name. */
    @Override
    public String getLinkForProfile(StructureDefinition profile, String url) {
        StructureDefinition target = context.fetchResource(StructureDefinition.class, url);
        if (target == null) {
            return null;
        }
        String link = url.startsWith(canonicalBase)
                ? page(target)
                : SPEC + target.getType().toLowerCase() + ".html";
        return link + "|" + target.present();
    }

    @Override
    public boolean prependLinks() {
        return false;
    }

    /** Asked type by type: the simple worker context cannot fetch "any canonical resource" by url. */
    @Override
    public String getLinkForUrl(String corePath, String url) {
        for (Class<? extends CanonicalResource> type :
                List.of(CodeSystem.class, ValueSet.class, StructureDefinition.class, ConceptMap.class)) {
            CanonicalResource resource = context.fetchResource(type, url);
            if (resource != null) {
                return resource.getWebPath();
            }
        }
        return null;
    }

    @Override
    public String getCanonicalForDefaultContext() {
        return canonicalBase + "/";
    }

    @Override
    public String getDefinitionsName(Resource resource) {
        return page(resource);
    }
}
