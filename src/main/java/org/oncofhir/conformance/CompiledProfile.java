package org.oncofhir.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ElementDefinition.ConstraintSeverity;
import org.hl7.fhir.r4.model.ElementDefinition.ElementDefinitionSlicingDiscriminatorComponent;
import org.hl7.fhir.r4.model.Enumerations.BindingStrength;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * One of our profiles as the rules {@link CompiledBiomarkerCheck} applies: per element path its cardinality, allowed
 * types and reference targets, required binding (as the set of {@code system|code} of the value set), pattern
 * codings and error invariants (FHIRPath parsed once). A profile using anything else (other slicing, fixed values,
 * min/max values, lengths) does not compile: {@link #compile} gives empty and its resources always take HL7's
 * validator.
 */
record CompiledProfile(String url, Map<String, Rule> rules, Map<String, List<Rule>> rulesByParent) {

    private static final String FHIR_TYPE_PREFIX = "http://hl7.org/fhir/StructureDefinition/";

    /**
     * @param typeSlices for a choice element sliced by type: the slice's own rule per type code
     * @param requiredCodes the {@code system|code} a required binding allows; null when no required binding
     * @param requiredValueSet that binding's canonical, for bindings to core value sets met by the model's enums
     */
    record Rule(
            String path,
            String name,
            int min,
            int max,
            Set<String> types,
            Set<String> targetTypes,
            Set<String> requiredCodes,
            String requiredValueSet,
            List<Coding> patternCodings,
            List<ExpressionNode> constraints,
            Map<String, Rule> typeSlices) {}

    /**
     * @param valueSetCodes the {@code system|code} of a value set, empty when it is not one we can enumerate
     * @param parse parses an invariant's FHIRPath expression
     */
    static Optional<CompiledProfile> compile(
            StructureDefinition profile,
            Function<String, Optional<Set<String>>> valueSetCodes,
            Function<String, ExpressionNode> parse) {
        Map<String, Rule> rules = new HashMap<>();
        Map<String, ElementDefinition> slicedParents = new HashMap<>();
        for (ElementDefinition element : profile.getSnapshot().getElement()) {
            if (element.hasFixed()
                    || element.hasMinValue()
                    || element.hasMaxValue()
                    || element.hasMaxLength()
                    || (element.hasPattern() && !(element.getPattern() instanceof CodeableConcept))) {
                return Optional.empty();
            }
            if (element.hasSlicing()) {
                if (!slicedByType(element)) {
                    return Optional.empty();
                }
                slicedParents.put(element.getPath(), element);
            }
            Optional<Rule> rule = rule(element, valueSetCodes, parse);
            if (rule.isEmpty()) {
                return Optional.empty();
            }
            if (element.hasSliceName()) {
                Rule parent = rules.get(element.getPath());
                if (parent == null
                        || !slicedParents.containsKey(element.getPath())
                        || element.getType().size() != 1) {
                    return Optional.empty();
                }
                parent.typeSlices().put(element.getTypeFirstRep().getCode(), rule.get());
            } else if (element.getId().contains(":")) {
                return Optional.empty();
            } else {
                rules.put(element.getPath(), rule.get());
            }
        }
        Map<String, List<Rule>> byParent = new HashMap<>();
        for (Rule rule : rules.values()) {
            int dot = rule.path().lastIndexOf('.');
            if (dot > 0) {
                byParent.computeIfAbsent(rule.path().substring(0, dot), k -> new ArrayList<>())
                        .add(rule);
            }
        }
        return Optional.of(new CompiledProfile(profile.getUrl(), rules, byParent));
    }

    private static boolean slicedByType(ElementDefinition element) {
        List<ElementDefinitionSlicingDiscriminatorComponent> discriminators =
                element.getSlicing().getDiscriminator();
        return discriminators.size() == 1
                && discriminators.get(0).getType() == ElementDefinition.DiscriminatorType.TYPE
                && "$this".equals(discriminators.get(0).getPath());
    }

    private static Optional<Rule> rule(
            ElementDefinition element,
            Function<String, Optional<Set<String>>> valueSetCodes,
            Function<String, ExpressionNode> parse) {
        Set<String> types = new HashSet<>();
        Set<String> targets = new HashSet<>();
        for (ElementDefinition.TypeRefComponent type : element.getType()) {
            types.add(type.getCode());
            for (CanonicalType target : type.getTargetProfile()) {
                if (target.getValue() == null || !target.getValue().startsWith(FHIR_TYPE_PREFIX)) {
                    return Optional.empty();
                }
                targets.add(target.getValue().substring(FHIR_TYPE_PREFIX.length()));
            }
        }
        Set<String> requiredCodes = null;
        String requiredValueSet = null;
        if (element.hasBinding() && element.getBinding().getStrength() == BindingStrength.REQUIRED) {
            requiredValueSet = element.getBinding().getValueSet();
            requiredCodes = valueSetCodes.apply(requiredValueSet).orElse(null);
            if (requiredCodes == null && !requiredValueSet.startsWith("http://hl7.org/fhir/ValueSet/")) {
                return Optional.empty();
            }
        }
        Optional<List<ExpressionNode>> constraints = errorInvariants(element, parse);
        if (constraints.isEmpty()) {
            return Optional.empty();
        }
        List<Coding> pattern = element.hasPattern() ? ((CodeableConcept) element.getPattern()).getCoding() : List.of();
        String path = element.getPath();
        String name = path.substring(path.lastIndexOf('.') + 1);
        int max = "*".equals(element.getMax()) ? Integer.MAX_VALUE : Integer.parseInt(element.getMax());
        return Optional.of(new Rule(
                path,
                name,
                element.getMin(),
                max,
                types,
                targets,
                requiredCodes,
                requiredValueSet,
                pattern,
                constraints.get(),
                new HashMap<>()));
    }

    /** The element's error invariants, parsed; empty when one has no FHIRPath expression to run. */
    static Optional<List<ExpressionNode>> errorInvariants(
            ElementDefinition element, Function<String, ExpressionNode> parse) {
        List<ExpressionNode> invariants = new ArrayList<>();
        for (ElementDefinition.ElementDefinitionConstraintComponent constraint : element.getConstraint()) {
            if (constraint.getSeverity() == ConstraintSeverity.ERROR) {
                if (!constraint.hasExpression()) {
                    return Optional.empty();
                }
                invariants.add(parse.apply(constraint.getExpression()));
            }
        }
        return Optional.of(List.copyOf(invariants));
    }

    Rule rule(String path) {
        return rules.get(path);
    }

    List<Rule> childRules(String parentPath) {
        return rulesByParent.getOrDefault(parentPath, List.of());
    }
}
