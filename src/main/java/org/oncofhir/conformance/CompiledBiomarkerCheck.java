package org.oncofhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.oncofhir.codes.CodeSystems;

/**
 * The write path's shortcut past HL7's validator: our profiles compiled once ({@link CompiledProfile}) and applied
 * to the resource directly, so that a biomarker result in the shapes labs and EHRs send is stored without the full
 * validator's cost (three quarters of a validated create's CPU).
 *
 * <p>It only ever says "certainly valid": a resource made of elements it understands (no extensions, contained
 * resources or narrative; the primitives of {@link PrimitiveValues}), every coding a code HAPI's terminology chain
 * confirms with its display, every claimed profile one of ours, and every rule of those profiles met: cardinality,
 * types, reference targets, required bindings, patterns and the error invariants of the profile and of each data
 * type, evaluated with FHIRPath. Anything else, including every fault it finds, goes to HL7's validator, which then
 * writes the refusal: so a refusal keeps its exact messages and rule ids, and this class can make acceptance faster,
 * never looser. {@code CompiledBiomarkerCheckTest} holds it to that on every example and thousands of mutations.
 */
final class CompiledBiomarkerCheck {

    private static final String FHIR_TYPE_PREFIX = "http://hl7.org/fhir/StructureDefinition/";
    private static final Pattern LITERAL_REFERENCE = Pattern.compile("([A-Z][A-Za-z]{1,63})/[A-Za-z0-9\\-.]{1,64}");

    /** The elements it understands, per type (backbone elements by path); the rest goes to HL7's validator. */
    private static final Map<String, Set<String>> UNDERSTOOD = Map.of(
            "Observation",
            Set.of(
                    "id",
                    "meta",
                    "identifier",
                    "status",
                    "category",
                    "code",
                    "subject",
                    "effective[x]",
                    "issued",
                    "value[x]",
                    "interpretation",
                    "method",
                    "specimen",
                    "derivedFrom",
                    "component"),
            "Observation.component",
            Set.of("code", "value[x]"),
            "Meta",
            Set.of("versionId", "lastUpdated", "source", "profile"),
            "Identifier",
            Set.of("system", "value"),
            "CodeableConcept",
            Set.of("coding", "text"),
            "Coding",
            Set.of("system", "code", "display"),
            "Reference",
            Set.of("reference", "display"),
            "Quantity",
            Set.of("value", "comparator", "unit", "system", "code"));

    private final FhirContext fhirContext;
    private final Map<String, CompiledProfile> profiles;
    private final CompiledProfile baseProfile;
    private final IValidationSupport terminology;
    private final ThreadLocal<FHIRPathEngine> fhirPath;
    /** Invariants from the core definitions, by type ({@code Coding}) or by a type's element ({@code Coding.system}). */
    private final Map<String, List<ExpressionNode>> coreInvariants = new ConcurrentHashMap<>();

    /**
     * @param terminology the validator's own chain: codes count as confirmed only where HL7's validator, asking the
     *     same chain, gets the same answer
     */
    CompiledBiomarkerCheck(FhirContext fhirContext, ConformancePackage conformance, IValidationSupport terminology) {
        this.fhirContext = fhirContext;
        this.terminology = terminology;
        // An engine per thread (it keeps a trace log and options in fields), all on one worker context.
        HapiWorkerContext worker = new HapiWorkerContext(fhirContext, terminology);
        this.fhirPath = ThreadLocal.withInitial(() -> new FHIRPathEngine(worker));
        Map<String, CompiledProfile> compiled = new HashMap<>();
        for (StructureDefinition profile : conformance.profiles()) {
            CompiledProfile.compile(profile, conformance::enumeratedCodes, fhirPath.get()::parse)
                    .ifPresent(p -> compiled.put(p.url(), p));
        }
        this.profiles = Map.copyOf(compiled);
        this.baseProfile = compiled.get(ConformancePackage.BASE_BIOMARKER_PROFILE);
    }

    /**
     * Whether HL7's validator, given the same profiles, would certainly report no error and no unknown profile for
     * this Observation. False means "ask it", not "invalid".
     */
    boolean certainlyValid(Observation observation) {
        // With the received JSON kept, HAPI validates that text rather than the model this class reads.
        if (fhirContext.isStoreResourceJson()) {
            return false;
        }
        List<CompiledProfile> applicable = applicableProfiles(observation);
        if (applicable == null) {
            return false;
        }
        try {
            for (CompiledProfile profile : applicable) {
                if (!meets(profile.rule("Observation"), observation, observation)) {
                    return false;
                }
            }
            return plainId(observation.getIdElement())
                    && !componentRepeatsCode(observation)
                    && visit(observation, "Observation", observation, applicable);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The id's version too: HAPI's encoder writes it as {@code meta.versionId} when the resource has none (an
     * If-Match on a create by PUT sets it).
     */
    private static boolean plainId(IdType id) {
        return (!id.hasIdPart() || PrimitiveValues.plain("id", id.getIdPart(), "Observation.id"))
                && (!id.hasVersionIdPart() || PrimitiveValues.plain("id", id.getVersionIdPart(), "Meta.versionId"));
    }

    /**
     * obs-7 compares codings with {@code intersect}, which HL7's engine decides on the fields of one side only (a
     * component coding with a display matches the same code without one there, not here): such results go to it.
     */
    private static boolean componentRepeatsCode(Observation observation) {
        for (Observation.ObservationComponentComponent component : observation.getComponent()) {
            for (Coding coding : component.getCode().getCoding()) {
                for (Coding code : observation.getCode().getCoding()) {
                    if (Objects.equals(coding.getSystem(), code.getSystem())
                            && Objects.equals(coding.getCode(), code.getCode())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The claimed profiles when all are ours and compiled, else the base profile when none is claimed. */
    private List<CompiledProfile> applicableProfiles(Observation observation) {
        List<CompiledProfile> claimed = new ArrayList<>();
        for (CanonicalType profile : observation.getMeta().getProfile()) {
            CompiledProfile compiled = profile.getValue() == null ? null : profiles.get(profile.getValue());
            if (compiled == null) {
                return null;
            }
            claimed.add(compiled);
        }
        if (claimed.isEmpty()) {
            return baseProfile == null ? null : List.of(baseProfile);
        }
        return claimed;
    }

    /**
     * @param path the element's path in the profiles ({@code Observation.code}); inside a data type, the type's own
     *     path ({@code Coding.system}), whose rules come from the core definition of the type
     */
    private boolean visit(Base node, String path, Observation root, List<CompiledProfile> applicable) {
        String type = node.fhirType();
        if (node.isPrimitive()) {
            return PrimitiveValues.plain(type, node.primitiveValue(), path) && childrenEmpty(node);
        }
        Set<String> understood = UNDERSTOOD.get(type);
        if (understood == null || !invariantsHold(typeInvariants(type), node, root)) {
            return false;
        }
        boolean inProfile = path.startsWith("Observation");
        if (inProfile && !cardinalities(node, path, applicable)) {
            return false;
        }
        if (node instanceof Coding coding && !confirmed(coding.getSystem(), coding.getCode(), coding.getDisplay())) {
            return false;
        }
        if (node instanceof Quantity quantity && !plainQuantity(quantity)) {
            return false;
        }
        for (Property property : node.children()) {
            List<Base> values = present(property);
            if (values.isEmpty()) {
                continue;
            }
            if (!understood.contains(property.getName())) {
                return false;
            }
            // The resource id: HAPI's model holds it with type and version, the validator sees the id part (checked
            // in certainlyValid).
            if (node == root && property.getName().equals("id")) {
                continue;
            }
            String childPath = inProfile ? path + "." + property.getName() : type + "." + property.getName();
            for (Base value : values) {
                if (!(inProfile ? meetsProfiles(value, childPath, root, applicable) : meetsType(value, childPath, root))
                        || !visit(value, childPathFor(value, childPath), root, applicable)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Children of a backbone element keep the profile path; a data type's children take the type's own path. */
    private static String childPathFor(Base value, String childPath) {
        return UNDERSTOOD.containsKey(childPath) || value.isPrimitive() ? childPath : value.fhirType();
    }

    private boolean cardinalities(Base node, String path, List<CompiledProfile> applicable) {
        for (CompiledProfile profile : applicable) {
            for (CompiledProfile.Rule rule : profile.childRules(path)) {
                int count = present(node.getNamedProperty(rule.name())).size();
                if (count < rule.min() || count > rule.max()) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean meetsProfiles(Base value, String path, Observation root, List<CompiledProfile> applicable) {
        for (CompiledProfile profile : applicable) {
            CompiledProfile.Rule rule = profile.rule(path);
            if (rule == null || !meets(rule, value, root)) {
                return false;
            }
            CompiledProfile.Rule slice = rule.typeSlices().get(value.fhirType());
            if (slice != null && !meets(slice, value, root)) {
                return false;
            }
        }
        return true;
    }

    private boolean meets(CompiledProfile.Rule rule, Base value, Observation root) {
        String type = value.fhirType();
        if (rule.path().endsWith("[x]") && !rule.types().contains(type)) {
            return false;
        }
        if (value instanceof Reference reference && !referencesTarget(reference, rule.targetTypes())) {
            return false;
        }
        if (rule.requiredValueSet() != null && !inRequiredValueSet(rule, value)) {
            return false;
        }
        for (Coding pattern : rule.patternCodings()) {
            if (!(value instanceof CodeableConcept concept)
                    || concept.getCoding().stream()
                            .noneMatch(c -> pattern.getSystem().equals(c.getSystem())
                                    && pattern.getCode().equals(c.getCode())
                                    && (!pattern.hasDisplay()
                                            || pattern.getDisplay().equals(c.getDisplay())))) {
                return false;
            }
        }
        return invariantsHold(rule.constraints(), value, root);
    }

    /** Inside a data type: the invariants the type's definition puts on the element ({@code ele-1}). */
    private boolean meetsType(Base value, String path, Observation root) {
        return invariantsHold(elementInvariants(path), value, root);
    }

    private static boolean referencesTarget(Reference reference, Set<String> targetTypes) {
        Matcher literal = LITERAL_REFERENCE.matcher(reference.getReference() == null ? "" : reference.getReference());
        return literal.matches() && (targetTypes.isEmpty() || targetTypes.contains(literal.group(1)));
    }

    /**
     * A required binding on a CodeableConcept is met by one coding in the value set (the chain is set up that way);
     * one on a code only by the model's enumeration of a core value set.
     */
    private static boolean inRequiredValueSet(CompiledProfile.Rule rule, Base value) {
        if (rule.requiredCodes() == null) {
            return value instanceof Enumeration<?> enumeration && enumeration.getValue() != null;
        }
        return value instanceof CodeableConcept concept
                && concept.getCoding().stream()
                        .anyMatch(c -> rule.requiredCodes().contains(c.getSystem() + "|" + c.getCode()));
    }

    /**
     * A UCUM unit the terminology chain confirms, or a bare value with a plain unit. (HL7's validator calls UCUM
     * annotations such as {@code {score}} a best-practice issue: a warning at HAPI's default level, which this server
     * keeps.)
     */
    private boolean plainQuantity(Quantity quantity) {
        if (!quantity.hasCode() && !quantity.hasSystem()) {
            return true;
        }
        return CodeSystems.UCUM.equals(quantity.getSystem())
                && quantity.hasCode()
                && confirmed(quantity.getSystem(), quantity.getCode(), null);
    }

    /** The chain knows the code, with this display if one is given, and has nothing at all to say about it. */
    private boolean confirmed(String system, String code, String display) {
        if (system == null || code == null) {
            return false;
        }
        IValidationSupport.CodeValidationResult result = terminology.validateCode(
                new ValidationSupportContext(terminology), new ConceptValidationOptions(), system, code, display, null);
        return result != null
                && result.isOk()
                && result.getSeverity() == null
                && result.getIssues().isEmpty()
                && (display == null || display.equals(result.getDisplay()));
    }

    private boolean invariantsHold(List<ExpressionNode> invariants, Base focus, Observation root) {
        FHIRPathEngine engine = fhirPath.get();
        for (ExpressionNode invariant : invariants) {
            if (!engine.evaluateToBoolean(null, root, root, focus, invariant)) {
                return false;
            }
        }
        return true;
    }

    /** The error invariants on a data type as a whole ({@code ref-1}, {@code qty-3}, ...), from its core definition. */
    private List<ExpressionNode> typeInvariants(String type) {
        if (type.startsWith("Observation")) {
            return List.of();
        }
        return coreInvariants.computeIfAbsent(type, t -> invariantsOf(t, t));
    }

    private List<ExpressionNode> elementInvariants(String path) {
        return coreInvariants.computeIfAbsent(path, p -> invariantsOf(p.substring(0, p.indexOf('.')), p));
    }

    private List<ExpressionNode> invariantsOf(String type, String path) {
        StructureDefinition definition =
                (StructureDefinition) terminology.fetchStructureDefinition(FHIR_TYPE_PREFIX + type);
        if (definition == null) {
            throw new FHIRException("No definition of " + type);
        }
        List<ExpressionNode> invariants = new ArrayList<>();
        for (ElementDefinition element : definition.getSnapshot().getElement()) {
            if (element.getPath().equals(path)) {
                invariants.addAll(CompiledProfile.errorInvariants(element, fhirPath.get()::parse)
                        .orElseThrow(() -> new FHIRException("An invariant of " + path + " has no expression")));
            }
        }
        return List.copyOf(invariants);
    }

    private static boolean childrenEmpty(Base primitive) {
        return primitive.children().stream().allMatch(p -> present(p).isEmpty());
    }

    private static List<Base> present(Property property) {
        if (property == null || !property.hasValues()) {
            return List.of();
        }
        return property.getValues().stream()
                .filter(v -> v != null && !v.isEmpty())
                .toList();
    }

    /** For tests: whether every profile of the package compiled. */
    Optional<String> uncompiled(ConformancePackage conformance) {
        return conformance.profiles().stream()
                .map(StructureDefinition::getUrl)
                .filter(url -> !profiles.containsKey(url))
                .findFirst();
    }
}
