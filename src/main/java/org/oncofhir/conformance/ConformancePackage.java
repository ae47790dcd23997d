package org.oncofhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.oncofhir.codes.CodeSystems;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * OncoFHIR's conformance resources as packaged in the jar ({@code profiles/} and {@code terminology/}): the
 * StructureDefinitions (snapshots generated at build time by {@link ProfileSnapshotWriter}), CodeSystems,
 * ValueSets and ConceptMaps. Built once at start-up; immutable afterwards.
 */
public final class ConformancePackage {

    public static final String CANONICAL_BASE = CodeSystems.CANONICAL_BASE;
    public static final String BASE_BIOMARKER_PROFILE = CANONICAL_BASE + "/StructureDefinition/biomarker-observation";
    public static final String BIOMARKER_CODE_VALUE_SET = CANONICAL_BASE + "/ValueSet/biomarker-code";
    /** Published with its pages at {@code /ig/}, not stored: it lists examples that are not records. */
    public static final String IMPLEMENTATION_GUIDE = CANONICAL_BASE + "/ImplementationGuide/oncofhir";

    private final List<StructureDefinition> profiles;
    private final List<CodeSystem> codeSystems;
    private final List<ValueSet> valueSets;
    private final List<ConceptMap> conceptMaps;
    private final PrePopulatedValidationSupport validationSupport;
    private final Set<String> biomarkerCodes;

    private ConformancePackage(
            List<StructureDefinition> profiles,
            List<CodeSystem> codeSystems,
            List<ValueSet> valueSets,
            List<ConceptMap> conceptMaps,
            PrePopulatedValidationSupport validationSupport) {
        this.profiles = List.copyOf(profiles);
        this.codeSystems = List.copyOf(codeSystems);
        this.valueSets = List.copyOf(valueSets);
        this.conceptMaps = List.copyOf(conceptMaps);
        this.validationSupport = validationSupport;
        this.biomarkerCodes = Collections.unmodifiableSet(codesOf(valueSet(BIOMARKER_CODE_VALUE_SET)));
    }

    /**
     * Reads {@code classpath:oncofhir/profiles} (StructureDefinitions with the snapshots the build generated) and
     * {@code classpath:oncofhir/terminology}.
     */
    public static ConformancePackage loadFromClasspath(FhirContext fhirContext) {
        IParser parser = fhirContext.newJsonParser();
        List<CodeSystem> codeSystems =
                read(parser, "classpath*:oncofhir/terminology/CodeSystem-*.json", CodeSystem.class);
        List<ValueSet> valueSets = read(parser, "classpath*:oncofhir/terminology/ValueSet-*.json", ValueSet.class);
        List<ConceptMap> conceptMaps =
                read(parser, "classpath*:oncofhir/terminology/ConceptMap-*.json", ConceptMap.class);
        List<StructureDefinition> profiles =
                read(parser, "classpath*:oncofhir/profiles/StructureDefinition-*.json", StructureDefinition.class);
        PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(fhirContext);
        codeSystems.forEach(ours::addCodeSystem);
        valueSets.forEach(ours::addValueSet);
        for (StructureDefinition profile : profiles) {
            if (!profile.hasSnapshot()) {
                throw new IllegalStateException(profile.getUrl() + " has no snapshot: build with Maven, whose "
                        + "process-classes step (ProfileSnapshotWriter) generates them");
            }
            ours.addStructureDefinition(profile);
        }
        return new ConformancePackage(profiles, codeSystems, valueSets, conceptMaps, ours);
    }

    private static <T extends MetadataResource> List<T> read(IParser parser, String pattern, Class<T> type) {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources(pattern);
            List<T> result = new ArrayList<>();
            for (Resource resource : resources) {
                try (InputStream in = resource.getInputStream()) {
                    result.add(parser.parseResource(type, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            result.sort(Comparator.comparing(MetadataResource::getUrl));
            if (result.isEmpty()) {
                throw new IllegalStateException("No conformance resources found at " + pattern);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read conformance resources at " + pattern, e);
        }
    }

    /** {@code system|code} of every code a ValueSet enumerates or includes whole from one of our CodeSystems. */
    private Set<String> codesOf(ValueSet valueSet) {
        Set<String> codes = new HashSet<>();
        for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
            if (include.hasConcept()) {
                include.getConcept().forEach(c -> codes.add(include.getSystem() + "|" + c.getCode()));
            } else {
                codeSystem(include.getSystem())
                        .getConcept()
                        .forEach(c -> codes.add(include.getSystem() + "|" + c.getCode()));
            }
        }
        return codes;
    }

    /**
     * The {@code system|code} of one of our value sets when it is a plain enumeration (concepts listed, or whole
     * code systems of ours without hierarchy); empty for any other value set.
     */
    Optional<Set<String>> enumeratedCodes(String url) {
        Optional<ValueSet> valueSet = findValueSet(url);
        if (valueSet.isEmpty()
                || valueSet.get().getCompose().hasExclude()
                || valueSet.get().getCompose().getInclude().stream()
                        .anyMatch(i -> i.hasFilter() || i.hasValueSet() || !i.hasSystem() || !enumerable(i))) {
            return Optional.empty();
        }
        return Optional.of(Set.copyOf(codesOf(valueSet.get())));
    }

    private boolean enumerable(ValueSet.ConceptSetComponent include) {
        return include.hasConcept()
                || findCodeSystem(include.getSystem())
                        .filter(c ->
                                c.getConcept().stream().noneMatch(CodeSystem.ConceptDefinitionComponent::hasConcept))
                        .isPresent();
    }

    public List<StructureDefinition> profiles() {
        return profiles;
    }

    public List<CodeSystem> codeSystems() {
        return codeSystems;
    }

    public List<ValueSet> valueSets() {
        return valueSets;
    }

    public List<ConceptMap> conceptMaps() {
        return conceptMaps;
    }

    /**
     * Every resource of the package, in load order: terminology first (the recognition ConceptMaps after the code
     * systems they target), then the profiles binding to it.
     */
    public List<MetadataResource> all() {
        List<MetadataResource> all = new ArrayList<>(codeSystems);
        all.addAll(valueSets);
        all.addAll(conceptMaps);
        all.addAll(profiles);
        return all;
    }

    public boolean isOurProfile(String canonical) {
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        return profiles.stream().anyMatch(p -> p.getUrl().equals(url));
    }

    /** Whether {@code system|code} is one of the Observation codes treated as a breast-cancer biomarker. */
    public boolean isBiomarkerCode(String system, String code) {
        return biomarkerCodes.contains(system + "|" + code);
    }

    /** The profiles, code systems and value sets, for a validation support chain. */
    public PrePopulatedValidationSupport validationSupport() {
        return validationSupport;
    }

    private ValueSet valueSet(String url) {
        return findValueSet(url).orElseThrow(() -> new IllegalArgumentException("No ValueSet " + url));
    }

    private Optional<ValueSet> findValueSet(String url) {
        return valueSets.stream().filter(v -> v.getUrl().equals(url)).findFirst();
    }

    private CodeSystem codeSystem(String url) {
        return findCodeSystem(url).orElseThrow(() -> new IllegalArgumentException("No CodeSystem " + url));
    }

    private Optional<CodeSystem> findCodeSystem(String url) {
        return codeSystems.stream().filter(c -> c.getUrl().equals(url)).findFirst();
    }
}
