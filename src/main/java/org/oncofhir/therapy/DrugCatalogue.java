package org.oncofhir.therapy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RxNorm codes OncoFHIR knows, read from the RxNorm fragment CodeSystem: the name of every code and the
 * ingredient(s) of every product, so that an order for Herceptin Hylecta, a biosimilar or Phesgo counts as
 * trastuzumab (clinical-knowledge.md A3).
 */
public final class DrugCatalogue {

    public static final String RESOURCE = "oncofhir/terminology/CodeSystem-rxnorm-fragment.json";

    private final Map<String, String> names;
    private final Map<String, Set<String>> ingredients;

    private DrugCatalogue(Map<String, String> names, Map<String, Set<String>> ingredients) {
        this.names = Map.copyOf(names);
        this.ingredients = Map.copyOf(ingredients);
    }

    public static DrugCatalogue load() {
        try (InputStream in = DrugCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return read(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    private static DrugCatalogue read(JsonNode codeSystem) {
        Map<String, String> names = new HashMap<>();
        Map<String, Set<String>> ingredients = new HashMap<>();
        for (JsonNode concept : codeSystem.path("concept")) {
            String code = concept.path("code").asText();
            names.put(code, concept.path("display").asText());
            Set<String> of = new LinkedHashSet<>();
            for (JsonNode property : concept.path("property")) {
                if ("ingredient".equals(property.path("code").asText())) {
                    of.add(property.path("valueCode").asText());
                }
            }
            ingredients.put(code, of.isEmpty() ? Set.of(code) : Set.copyOf(of));
        }
        return new DrugCatalogue(names, ingredients);
    }

    /** The ingredient codes of an RxNorm code (itself for an ingredient); empty for a code OncoFHIR does not know. */
    public Set<String> ingredientsOf(String rxnorm) {
        return ingredients.getOrDefault(rxnorm, Set.of());
    }

    public String name(String rxnorm) {
        String name = names.get(rxnorm);
        if (name == null) {
            throw new IllegalArgumentException("RxNorm " + rxnorm + " is not in " + RESOURCE);
        }
        return name;
    }

    /**
     * The ingredient whose name a free text (a local drug name, an RxNorm display) contains, e.g. "docetaxel" in
     * "Docetaxel 20 mg/mL inj"; empty when it names none.
     */
    public Optional<String> ingredientNamedIn(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return ingredients.entrySet().stream()
                .filter(e -> e.getValue().equals(Set.of(e.getKey())))
                .map(e -> names.get(e.getKey()))
                .filter(name -> lower.contains(name.toLowerCase(Locale.ROOT)))
                .sorted()
                .findFirst();
    }

    public boolean knows(String rxnorm) {
        return names.containsKey(rxnorm);
    }
}
