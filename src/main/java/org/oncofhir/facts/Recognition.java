package org.oncofhir.facts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.oncofhir.codes.CodeSystems;

/**
 * Recognition as data: which sent coding means which {@link Fact}, read from the recognition ConceptMaps (and the
 * drug-class ValueSets) of {@code terminology/}, the same resources the server publishes and answers
 * {@code ConceptMap/$translate} and {@code ValueSet/$validate-code} for. A new coding of a known fact is a row there,
 * not code here.
 */
public final class Recognition {

    public static final String FACT_SYSTEM = CodeSystems.own("clinical-fact");
    private static final String DIR = "oncofhir/terminology/";
    static final List<String> CONCEPT_MAPS = List.of(
            "ConceptMap-observation-facts.json",
            "ConceptMap-answer-facts.json",
            "ConceptMap-condition-facts.json",
            "ConceptMap-procedure-facts.json");
    /** ValueSets whose every member means a fact: a drug class the rules reason about. */
    static final Map<String, Fact> VALUE_SETS = Map.of("ValueSet-chemotherapy-drugs.json", Fact.CHEMOTHERAPY);

    private static final Recognition STANDARD = load();

    /** system -> code -> what it means (two lookups rather than a "system|code" string built per coding). */
    private final Map<String, Map<String, Set<Fact>>> meanings;

    private Recognition(Map<String, Map<String, Set<Fact>>> meanings) {
        Map<String, Map<String, Set<Fact>>> copy = new HashMap<>();
        meanings.forEach((system, codes) -> copy.put(system, Map.copyOf(codes)));
        this.meanings = Map.copyOf(copy);
    }

    /** The recognition the package on the classpath defines; immutable, so shared. */
    public static Recognition standard() {
        return STANDARD;
    }

    private static Recognition load() {
        ObjectMapper json = new ObjectMapper();
        Map<String, Map<String, Set<Fact>>> meanings = new HashMap<>();
        for (String name : CONCEPT_MAPS) {
            for (JsonNode group : read(json, name).path("group")) {
                String source = group.path("source").asText();
                if (!FACT_SYSTEM.equals(group.path("target").asText())) {
                    throw new IllegalStateException(name + ": a group targets " + group.path("target"));
                }
                for (JsonNode element : group.path("element")) {
                    for (JsonNode target : element.path("target")) {
                        add(
                                meanings,
                                source,
                                element.path("code").asText(),
                                fact(name, target.path("code").asText()));
                    }
                }
            }
        }
        VALUE_SETS.forEach((name, fact) -> {
            for (JsonNode include : read(json, name).path("compose").path("include")) {
                for (JsonNode concept : include.path("concept")) {
                    add(
                            meanings,
                            include.path("system").asText(),
                            concept.path("code").asText(),
                            fact);
                }
            }
        });
        return new Recognition(meanings);
    }

    private static JsonNode read(ObjectMapper json, String name) {
        try (InputStream in = Recognition.class.getClassLoader().getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException(DIR + name + " is not on the classpath");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DIR + name, e);
        }
    }

    private static Fact fact(String resource, String code) {
        Fact fact = Fact.byCode(code);
        if (fact == null) {
            throw new IllegalStateException(resource + " maps to " + code + ", which is not a clinical-fact code");
        }
        return fact;
    }

    private static void add(Map<String, Map<String, Set<Fact>>> meanings, String system, String code, Fact fact) {
        meanings.computeIfAbsent(system, k -> new HashMap<>())
                .computeIfAbsent(code, k -> EnumSet.noneOf(Fact.class))
                .add(fact);
    }

    /** Whether one of the concept's codings means the fact (FHIR: any one coding may carry the meaning). */
    public boolean means(CodeableConcept concept, Fact fact) {
        return concept != null && concept.getCoding().stream().anyMatch(c -> means(c, fact));
    }

    public boolean means(Coding coding, Fact fact) {
        Map<String, Set<Fact>> codes = coding.getSystem() == null ? null : meanings.get(coding.getSystem());
        Set<Fact> facts = codes == null || coding.getCode() == null ? null : codes.get(coding.getCode());
        return facts != null && facts.contains(fact);
    }

    /** The first of the facts the concept means, in the order given; null when it means none of them. */
    public Fact firstOf(CodeableConcept concept, List<Fact> facts) {
        return facts.stream().filter(f -> means(concept, f)).findFirst().orElse(null);
    }

    /** The codes (without system) that mean a fact of the kind: what a prefetch of those resources asks for. */
    public List<String> codesOfKind(Fact.Kind kind) {
        Set<String> codes = new TreeSet<>();
        meanings.values()
                .forEach(bySystem -> bySystem.forEach((code, facts) -> {
                    if (facts.stream().anyMatch(f -> f.kind() == kind)) {
                        codes.add(code);
                    }
                }));
        return List.copyOf(codes);
    }
}
