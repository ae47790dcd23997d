package org.oncofhir.terminology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

/**
 * The terminology operations for the CodeSystems, ValueSets and ConceptMaps of OncoFHIR's own package, answered
 * from the package in memory: the same answer on every node and every database, whatever is stored, and no
 * dependence on a full-text index. Every ValueSet of the package is expanded once, when this is built; a ValueSet
 * using a compose feature this engine does not implement fails the build of this object, not a request.
 */
public final class PackageTerminology {

    private final Map<String, CodeSystem> codeSystems;
    private final Map<String, Map<String, Concept>> concepts;
    private final Map<String, ValueSet> valueSets;
    private final Map<String, List<ValueSetExpansionContainsComponent>> expansions;
    private final ConceptMapTranslator translator;

    /** A concept of one of the package's CodeSystems, with the codes of its parents in that system's hierarchy. */
    record Concept(ConceptDefinitionComponent definition, List<String> ancestors) {}

    public PackageTerminology(
            Collection<CodeSystem> codeSystems, Collection<ValueSet> valueSets, Collection<ConceptMap> conceptMaps) {
        this(byUrl(codeSystems, CodeSystem::getUrl), new LinkedHashMap<>(), new LinkedHashMap<>(), null, conceptMaps);
        valueSets.forEach(this::addValueSet);
    }

    /**
     * Indexes the code systems' concepts; the ValueSets and their expansions are added by the caller.
     *
     * @param translator the package's, reused by {@link #with}; null to build one over {@code conceptMaps}
     */
    private PackageTerminology(
            Map<String, CodeSystem> codeSystems,
            Map<String, ValueSet> valueSets,
            Map<String, List<ValueSetExpansionContainsComponent>> expansions,
            ConceptMapTranslator translator,
            Collection<ConceptMap> conceptMaps) {
        this.codeSystems = codeSystems;
        this.valueSets = valueSets;
        this.expansions = expansions;
        this.concepts = new LinkedHashMap<>();
        for (CodeSystem codeSystem : codeSystems.values()) {
            Map<String, Concept> byCode = new LinkedHashMap<>();
            flatten(codeSystem.getConcept(), List.of(), byCode);
            concepts.put(codeSystem.getUrl(), byCode);
        }
        this.translator = translator != null ? translator : new ConceptMapTranslator(conceptMaps, this::display);
    }

    private void addValueSet(ValueSet valueSet) {
        if (valueSets.putIfAbsent(valueSet.getUrl(), valueSet) != null) {
            throw new IllegalStateException("Two resources with the url " + valueSet.getUrl());
        }
        expansions.put(valueSet.getUrl(), List.copyOf(contents(valueSet)));
    }

    /**
     * This package together with the CodeSystems and ValueSets a client sent along with its request (the
     * {@code tx-resource} parameter of the HL7 terminology ecosystem), for answering that one request. The package's
     * own resources win over a sent resource with the same url; a sent ValueSet this engine cannot expand is left
     * out, so its requests go where they would have gone without it. The package's expansions are reused, not
     * computed again.
     */
    public PackageTerminology with(Collection<? extends org.hl7.fhir.instance.model.api.IBaseResource> sent) {
        Map<String, CodeSystem> allCodeSystems = new LinkedHashMap<>(codeSystems);
        sent.stream()
                .filter(CodeSystem.class::isInstance)
                .map(CodeSystem.class::cast)
                .filter(CodeSystem::hasUrl)
                .forEach(c -> allCodeSystems.putIfAbsent(c.getUrl(), c));
        PackageTerminology extended = new PackageTerminology(
                allCodeSystems, new LinkedHashMap<>(valueSets), new LinkedHashMap<>(expansions), translator, null);
        sent.stream()
                .filter(ValueSet.class::isInstance)
                .map(ValueSet.class::cast)
                .filter(v -> v.hasUrl() && !extended.valueSets.containsKey(v.getUrl()) && extended.canExpand(v))
                .forEach(extended::addValueSet);
        return extended;
    }

    private static <T> Map<String, T> byUrl(Collection<T> resources, Function<T, String> url) {
        return resources.stream()
                .collect(Collectors.toMap(
                        url,
                        r -> r,
                        (a, b) -> {
                            throw new IllegalStateException("Two resources with the url " + url.apply(a));
                        },
                        LinkedHashMap::new));
    }

    private static void flatten(
            List<ConceptDefinitionComponent> level, List<String> ancestors, Map<String, Concept> out) {
        for (ConceptDefinitionComponent concept : level) {
            out.put(concept.getCode(), new Concept(concept, ancestors));
            List<String> below = new ArrayList<>(ancestors);
            below.add(0, concept.getCode());
            flatten(concept.getConcept(), List.copyOf(below), out);
        }
    }

    public boolean hasValueSet(String canonical) {
        return valueSets.containsKey(url(canonical));
    }

    public boolean hasCodeSystem(String canonical) {
        return codeSystems.containsKey(url(canonical));
    }

    public boolean hasConceptMap(String canonical) {
        return translator.has(url(canonical));
    }

    public Collection<CodeSystem> codeSystems() {
        return codeSystems.values();
    }

    /** Whether a ValueSet (e.g. one sent inline) can be expanded from this package alone. */
    public boolean canExpand(ValueSet definition) {
        try {
            contents(definition);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /** {@code $expand} of a package ValueSet, by url or {@code url|version}. */
    public ValueSet expand(String canonical, ExpansionRequest request) {
        ValueSet definition = valueSet(canonical);
        return expansion(definition, expansions.get(definition.getUrl()), request);
    }

    /** {@code $expand} of a ValueSet sent inline whose every include this package can answer ({@link #canExpand}). */
    public ValueSet expand(ValueSet definition, ExpansionRequest request) {
        return expansion(definition, contents(definition), request);
    }

    private ValueSet expansion(
            ValueSet definition, List<ValueSetExpansionContainsComponent> all, ExpansionRequest request) {
        List<ValueSetExpansionContainsComponent> matching =
                all.stream().filter(c -> matches(c, request.filter())).toList();
        int from = Math.min(request.offset(), matching.size());
        int to = request.count() == null ? matching.size() : Math.min(matching.size(), from + request.count());

        ValueSet out = new ValueSet();
        out.setUrl(definition.getUrl());
        out.setVersion(definition.getVersion());
        out.setName(definition.getName());
        out.setTitle(definition.getTitle());
        out.setStatus(definition.hasStatus() ? definition.getStatus() : PublicationStatus.ACTIVE);
        out.setExperimental(definition.getExperimental());
        ValueSet.ValueSetExpansionComponent expansion = out.getExpansion();
        expansion.setIdentifier("urn:uuid:" + UUID.randomUUID());
        expansion.setTimestamp(new Date());
        expansion.setTotal(matching.size());
        expansion.setOffset(from);
        if (request.filter() != null) {
            expansion.addParameter().setName("filter").setValue(new StringType(request.filter()));
        }
        expansion.addParameter().setName("offset").setValue(new IntegerType(from));
        if (request.count() != null) {
            expansion.addParameter().setName("count").setValue(new IntegerType(request.count()));
        }
        expansion
                .addParameter()
                .setName("includeDesignations")
                .setValue(new BooleanType(request.includeDesignations()));
        all.stream().map(this::systemCanonical).distinct().forEach(system -> expansion
                .addParameter()
                .setName("used-codesystem")
                .setValue(new UriType(system)));
        for (ValueSetExpansionContainsComponent concept : matching.subList(from, to)) {
            ValueSetExpansionContainsComponent copy = concept.copy();
            if (!request.includeDesignations()) {
                copy.getDesignation().clear();
            }
            expansion.addContains(copy);
        }
        return out;
    }

    private String systemCanonical(ValueSetExpansionContainsComponent concept) {
        return concept.hasVersion() ? concept.getSystem() + "|" + concept.getVersion() : concept.getSystem();
    }

    /** Every word of the filter starts a word of the display or is part of the code (case-insensitive). */
    private static boolean matches(ValueSetExpansionContainsComponent concept, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String code = concept.getCode().toLowerCase(Locale.ROOT);
        List<String> words = List.of(
                concept.getDisplay() == null
                        ? new String[0]
                        : concept.getDisplay().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
        for (String token : filter.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!code.contains(token) && words.stream().noneMatch(w -> w.startsWith(token))) {
                return false;
            }
        }
        return true;
    }

    private List<ValueSetExpansionContainsComponent> contents(ValueSet definition) {
        Map<String, ValueSetExpansionContainsComponent> out = new LinkedHashMap<>();
        for (ConceptSetComponent include : definition.getCompose().getInclude()) {
            for (ValueSetExpansionContainsComponent concept : included(include)) {
                out.putIfAbsent(concept.getSystem() + "|" + concept.getCode(), concept);
            }
        }
        for (ConceptSetComponent exclude : definition.getCompose().getExclude()) {
            for (ValueSetExpansionContainsComponent concept : included(exclude)) {
                out.remove(concept.getSystem() + "|" + concept.getCode());
            }
        }
        return new ArrayList<>(out.values());
    }

    private List<ValueSetExpansionContainsComponent> included(ConceptSetComponent include) {
        if (include.hasFilter() || include.hasValueSet() || !include.hasSystem()) {
            throw new UnsupportedOperationException("Only includes of a system's enumerated concepts or of a whole "
                    + "OncoFHIR code system are expanded from the package");
        }
        String system = include.getSystem();
        List<ValueSetExpansionContainsComponent> out = new ArrayList<>();
        if (include.hasConcept()) {
            for (ConceptReferenceComponent reference : include.getConcept()) {
                Optional<Concept> known = concept(system, reference.getCode());
                ValueSetExpansionContainsComponent contains = contains(system, reference.getCode(), known);
                if (reference.hasDisplay()) {
                    contains.setDisplay(reference.getDisplay());
                }
                reference.getDesignation().forEach(d -> contains.addDesignation()
                        .setLanguage(d.getLanguage())
                        .setUse(d.getUse())
                        .setValue(d.getValue()));
                out.add(contains);
            }
            return out;
        }
        CodeSystem codeSystem = codeSystems.get(system);
        if (codeSystem == null || codeSystem.getContent() != CodeSystem.CodeSystemContentMode.COMPLETE) {
            throw new UnsupportedOperationException("The package holds no complete CodeSystem " + system);
        }
        concepts.get(system)
                .values()
                .forEach(c -> out.add(contains(system, c.definition().getCode(), Optional.of(c))));
        return out;
    }

    private ValueSetExpansionContainsComponent contains(String system, String code, Optional<Concept> known) {
        ValueSetExpansionContainsComponent contains = new ValueSetExpansionContainsComponent();
        contains.setSystem(system);
        contains.setCode(code);
        CodeSystem codeSystem = codeSystems.get(system);
        if (codeSystem != null && codeSystem.hasVersion()) {
            contains.setVersion(codeSystem.getVersion());
        }
        known.ifPresent(c -> {
            contains.setDisplay(c.definition().getDisplay());
            for (ConceptDefinitionDesignationComponent d : c.definition().getDesignation()) {
                contains.addDesignation()
                        .setLanguage(d.getLanguage())
                        .setUse(d.getUse())
                        .setValue(d.getValue());
            }
        });
        return contains;
    }

    /**
     * {@code ValueSet/$validate-code}: valid when any of the codings is in the ValueSet with a matching display.
     * With {@code inferSystem}, a code sent without a system takes the system of the one member with that code.
     */
    public CodeCheck validateInValueSet(String canonical, List<Coding> codings, boolean inferSystem) {
        ValueSet definition = valueSet(canonical);
        List<ValueSetExpansionContainsComponent> members = expansions.get(definition.getUrl());
        return firstValid(codings, coding -> member(definition.getUrl(), members, coding, inferSystem));
    }

    /** {@code ValueSet/$validate-code} against a ValueSet sent inline that {@link #canExpand} answers. */
    public CodeCheck validateInValueSet(ValueSet definition, List<Coding> codings, boolean inferSystem) {
        List<ValueSetExpansionContainsComponent> members = contents(definition);
        return firstValid(codings, coding -> member(definition.getUrl(), members, coding, inferSystem));
    }

    private CodeCheck member(
            String valueSetUrl, List<ValueSetExpansionContainsComponent> members, Coding sent, boolean inferSystem) {
        Coding coding = inferred(members, sent, inferSystem);
        if (!coding.hasSystem() || !coding.hasCode()) {
            return CodeCheck.invalid(
                    coding,
                    "invalid-data",
                    "code",
                    "A coding needs a system and a code to be checked against a value set");
        }
        Optional<ValueSetExpansionContainsComponent> member = members.stream()
                .filter(c ->
                        c.getSystem().equals(coding.getSystem()) && c.getCode().equals(coding.getCode()))
                .findFirst();
        if (member.isEmpty()) {
            String why = hasCodeSystem(coding.getSystem())
                            && concept(coding.getSystem(), coding.getCode()).isEmpty()
                            && codeSystems.get(coding.getSystem()).getContent()
                                    == CodeSystem.CodeSystemContentMode.COMPLETE
                    ? "Unknown code '" + coding.getCode() + "' in the CodeSystem '" + coding.getSystem() + "'; "
                    : "";
            return CodeCheck.invalid(
                    coding,
                    why.isEmpty() ? "not-in-vs" : "invalid-code",
                    "code",
                    why + "The code '" + coding.getSystem() + "#" + coding.getCode() + "' is not in the value set '"
                            + valueSetUrl + "'");
        }
        Coding matched = new Coding(
                        coding.getSystem(), coding.getCode(), member.get().getDisplay())
                .setVersion(member.get().getVersion());
        return displayChecked(coding, matched, designations(member.get()));
    }

    /** The coding, with the system of the one member that has its code when it came without one and may infer. */
    private static Coding inferred(List<ValueSetExpansionContainsComponent> members, Coding sent, boolean inferSystem) {
        if (sent.hasSystem() || !inferSystem || !sent.hasCode()) {
            return sent;
        }
        List<String> systems = members.stream()
                .filter(c -> c.getCode().equals(sent.getCode()))
                .map(ValueSetExpansionContainsComponent::getSystem)
                .distinct()
                .toList();
        return systems.size() == 1 ? sent.copy().setSystem(systems.get(0)) : sent;
    }

    private static List<String> designations(ValueSetExpansionContainsComponent member) {
        return member.getDesignation().stream().map(d -> d.getValue()).toList();
    }

    /** {@code CodeSystem/$validate-code} for one of the package's CodeSystems. */
    public CodeCheck validateInCodeSystem(String canonical, List<Coding> codings) {
        CodeSystem codeSystem = codeSystem(canonical);
        return firstValid(codings, coding -> {
            if (coding.hasSystem() && !coding.getSystem().equals(codeSystem.getUrl())) {
                return CodeCheck.invalid(
                        coding,
                        "invalid-data",
                        "system",
                        "The coding's system '" + coding.getSystem() + "' is not the CodeSystem '" + codeSystem.getUrl()
                                + "'");
            }
            Optional<Concept> concept = concept(codeSystem.getUrl(), coding.getCode());
            if (concept.isEmpty()) {
                // A fragment's silence is no verdict: the code may well exist in the full code system.
                return codeSystem.getContent() == CodeSystem.CodeSystemContentMode.COMPLETE
                        ? CodeCheck.invalid(
                                coding,
                                "invalid-code",
                                "code",
                                "Unknown code '" + coding.getCode() + "' in the CodeSystem '" + codeSystem.getUrl()
                                        + "'")
                        : CodeCheck.warning(
                                coding,
                                "invalid-code",
                                "Unknown code '" + coding.getCode() + "' in the CodeSystem '" + codeSystem.getUrl()
                                        + "': OncoFHIR holds a fragment of it, only the codes it uses, so the code may"
                                        + " be valid in the full code system");
            }
            ConceptDefinitionComponent definition = concept.get().definition();
            Coding matched = new Coding(codeSystem.getUrl(), definition.getCode(), definition.getDisplay())
                    .setVersion(codeSystem.getVersion());
            return displayChecked(
                    coding,
                    matched,
                    definition.getDesignation().stream()
                            .map(ConceptDefinitionDesignationComponent::getValue)
                            .toList());
        });
    }

    private static CodeCheck displayChecked(Coding sent, Coding matched, List<String> otherDisplays) {
        if (!sent.hasDisplay()
                || !matched.hasDisplay()
                || sent.getDisplay().equalsIgnoreCase(matched.getDisplay())
                || otherDisplays.stream().anyMatch(sent.getDisplay()::equalsIgnoreCase)) {
            return CodeCheck.valid(matched);
        }
        return CodeCheck.invalid(
                matched,
                "invalid-display",
                "display",
                "Wrong display '" + sent.getDisplay() + "' for " + matched.getSystem() + "#" + matched.getCode()
                        + ": should be '" + matched.getDisplay() + "'");
    }

    private static CodeCheck firstValid(List<Coding> codings, Function<Coding, CodeCheck> check) {
        if (codings.isEmpty()) {
            throw new TerminologyRequestException("Give a code (with system), a coding or a codeableConcept");
        }
        List<CodeCheck> checks = new ArrayList<>();
        for (int i = 0; i < codings.size(); i++) {
            CodeCheck result = check.apply(codings.get(i)).at(i);
            if (result.valid()) {
                return result;
            }
            checks.add(result);
        }
        CodeCheck first = checks.get(0);
        return new CodeCheck(
                false,
                first.concept(),
                checks.stream().map(CodeCheck::message).collect(Collectors.joining("; ")),
                first.issue(),
                first.element(),
                first.index());
    }

    /** {@code CodeSystem/$lookup}: the concept of one of the package's CodeSystems. */
    public Lookup lookup(String system, String code) {
        CodeSystem codeSystem = codeSystem(system);
        Concept concept = lookupConcept(codeSystem, code);
        List<String> children = concepts.get(codeSystem.getUrl()).values().stream()
                .filter(c -> !c.ancestors().isEmpty() && c.ancestors().get(0).equals(code))
                .map(c -> c.definition().getCode())
                .toList();
        return new Lookup(
                codeSystem, concept.definition(), concept.ancestors().stream().findFirst(), children);
    }

    /** What {@code $lookup} answers: the code system, the concept, and its place in the hierarchy. */
    public record Lookup(
            CodeSystem codeSystem,
            ConceptDefinitionComponent concept,
            Optional<String> parent,
            List<String> children) {}

    /** {@code CodeSystem/$subsumes}, from the concept hierarchy of one of the package's complete CodeSystems. */
    public String subsumes(String system, String codeA, String codeB) {
        CodeSystem codeSystem = codeSystem(system);
        if (codeSystem.getContent() != CodeSystem.CodeSystemContentMode.COMPLETE) {
            throw new TerminologyRequestException("OncoFHIR holds only a fragment of '" + codeSystem.getUrl()
                    + "', without its hierarchy: ask that code system's own terminology server");
        }
        Concept a = lookupConcept(codeSystem, codeA);
        Concept b = lookupConcept(codeSystem, codeB);
        if (codeA.equals(codeB)) {
            return "equivalent";
        }
        if (b.ancestors().contains(codeA)) {
            return "subsumes";
        }
        if (a.ancestors().contains(codeB)) {
            return "subsumed-by";
        }
        return "not-subsumed";
    }

    private Concept lookupConcept(CodeSystem codeSystem, String code) {
        return concept(codeSystem.getUrl(), code)
                .orElseThrow(() -> new UnknownCodeException("Unknown code '" + code + "' in the CodeSystem '"
                        + codeSystem.getUrl() + "'"
                        + (codeSystem.getContent() == CodeSystem.CodeSystemContentMode.COMPLETE
                                ? ""
                                : " (OncoFHIR holds a fragment of it: only the codes it uses)")));
    }

    /** {@code ConceptMap/$translate} with one of the package's ConceptMaps. */
    public ConceptMapTranslator.Translation translate(
            String canonical, Coding source, String targetSystem, boolean reverse) {
        return translator.translate(url(canonical), source, targetSystem, reverse);
    }

    Optional<Concept> concept(String system, String code) {
        Map<String, Concept> inSystem = concepts.get(system);
        return inSystem == null || code == null ? Optional.empty() : Optional.ofNullable(inSystem.get(code));
    }

    private String display(String system, String code) {
        return concept(system, code).map(c -> c.definition().getDisplay()).orElse(null);
    }

    private ValueSet valueSet(String canonical) {
        return held(valueSets, "ValueSet", canonical);
    }

    private CodeSystem codeSystem(String canonical) {
        return held(codeSystems, "CodeSystem", canonical);
    }

    private static <T extends MetadataResource> T held(Map<String, T> resources, String type, String canonical) {
        T resource = resources.get(url(canonical));
        if (resource == null) {
            throw new UnknownCodeException("OncoFHIR's package has no " + type + " " + canonical);
        }
        checkVersion(canonical, resource.getVersion());
        return resource;
    }

    /**
     * Only the version the package holds is answered: another version is not this server's to vouch for. A fragment
     * of an external code system states no version, and answers for whichever the client names.
     */
    private static void checkVersion(String canonical, String held) {
        int bar = canonical.indexOf('|');
        if (bar >= 0 && held != null && !canonical.substring(bar + 1).equals(held)) {
            throw new UnknownCodeException(canonical.substring(0, bar) + " version " + canonical.substring(bar + 1)
                    + " is unknown here; OncoFHIR holds version " + held);
        }
    }

    static String url(String canonical) {
        if (canonical == null) {
            return null;
        }
        int bar = canonical.indexOf('|');
        return bar < 0 ? canonical : canonical.substring(0, bar);
    }

    /** The ValueSet urls of the package, for parameterised checks. */
    public Set<String> valueSetUrls() {
        return valueSets.keySet();
    }
}
