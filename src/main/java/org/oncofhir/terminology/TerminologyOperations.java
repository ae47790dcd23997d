package org.oncofhir.terminology;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.provider.BaseJpaResourceProviderCodeSystem;
import ca.uhn.fhir.jpa.provider.BaseJpaResourceProviderConceptMap;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseParameters;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptPropertyComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The terminology operations of the FHIR API. Whatever concerns a resource of OncoFHIR's own package is answered by
 * {@link PackageTerminology}; anything else (a ValueSet a client stored, a ConceptMap by source and target alone)
 * goes to HAPI's JPA implementation, whose own REST bindings of these operations are not bound.
 */
public class TerminologyOperations {

    /** The operations this provider answers, for {@code OperationBindings}. */
    static final List<String> OPERATIONS = List.of(
            "ValueSet/$expand",
            "ValueSet/$validate-code",
            "CodeSystem/$validate-code",
            "CodeSystem/$lookup",
            "CodeSystem/$subsumes",
            "ConceptMap/$translate");

    private final PackageTerminology terminology;
    private final DaoRegistry daos;
    private final ValueSetOperationProvider storedValueSets;
    private final Supplier<BaseJpaResourceProviderCodeSystem<?>> storedCodeSystems;
    private final Supplier<BaseJpaResourceProviderConceptMap<?>> storedConceptMaps;

    public TerminologyOperations(
            PackageTerminology terminology,
            DaoRegistry daos,
            ValueSetOperationProvider storedValueSets,
            Supplier<BaseJpaResourceProviderCodeSystem<?>> storedCodeSystems,
            Supplier<BaseJpaResourceProviderConceptMap<?>> storedConceptMaps) {
        this.terminology = terminology;
        this.daos = daos;
        this.storedValueSets = storedValueSets;
        this.storedCodeSystems = storedCodeSystems;
        this.storedConceptMaps = storedConceptMaps;
    }

    @Operation(name = "$expand", idempotent = true, typeName = "ValueSet")
    public IBaseResource expand(
            HttpServletRequest servletRequest,
            @IdParam(optional = true) IdType id,
            @OperationParam(name = "valueSet", min = 0, max = 1) IBaseResource valueSet,
            @OperationParam(name = "url", min = 0, max = 1) UriType url,
            @OperationParam(name = "valueSetVersion", min = 0, max = 1) StringType valueSetVersion,
            @OperationParam(name = "filter", min = 0, max = 1) StringType filter,
            @OperationParam(name = "context", min = 0, max = 1) StringType context,
            @OperationParam(name = "contextDirection", min = 0, max = 1) StringType contextDirection,
            @OperationParam(name = "offset", min = 0, max = 1) IntegerType offset,
            @OperationParam(name = "count", min = 0, max = 1) IntegerType count,
            @OperationParam(name = "includeDesignations", min = 0, max = 1) BooleanType includeDesignations,
            @OperationParam(name = "displayLanguage", min = 0, max = 1) StringType displayLanguage,
            @OperationParam(name = "includeDefinition", min = 0, max = 1) BooleanType includeDefinition,
            @OperationParam(name = "activeOnly", min = 0, max = 1) BooleanType activeOnly,
            @OperationParam(name = "excludeNested", min = 0, max = 1) BooleanType excludeNested,
            @OperationParam(name = "includeHierarchy", min = 0, max = 1) BooleanType includeHierarchy,
            @OperationParam(name = "tx-resource", min = 0, max = OperationParam.MAX_UNLIMITED)
                    List<IBaseResource> txResources,
            RequestDetails request) {
        return answer(() -> {
            PackageTerminology engine = sent(txResources);
            ExpansionRequest expansion = new ExpansionRequest(
                    value(filter),
                    offset == null || offset.getValue() == null ? 0 : offset.getValue(),
                    count == null ? null : count.getValue(),
                    includeDesignations != null && includeDesignations.booleanValue());
            Optional<Target> target = packaged(engine, valueSet, url, valueSetVersion, id, request);
            if (target.isPresent()) {
                return target.get().canonical() != null
                        ? engine.expand(target.get().canonical(), expansion)
                        : engine.expand(target.get().inline(), expansion);
            }
            return storedValueSets.expand(
                    servletRequest,
                    id,
                    valueSet,
                    url,
                    valueSetVersion,
                    filter,
                    context,
                    contextDirection,
                    offset,
                    count,
                    displayLanguage == null ? null : new CodeType(displayLanguage.getValue()),
                    includeHierarchy,
                    request);
        });
    }

    @Operation(name = "$validate-code", idempotent = true, typeName = "ValueSet")
    public IBaseParameters validateCodeInValueSet(
            HttpServletRequest servletRequest,
            @IdParam(optional = true) IdType id,
            @OperationParam(name = "url", min = 0, max = 1) UriType url,
            @OperationParam(name = "valueSet", min = 0, max = 1) IBaseResource valueSet,
            @OperationParam(name = "valueSetVersion", min = 0, max = 1) StringType valueSetVersion,
            @OperationParam(name = "code", min = 0, max = 1) CodeType code,
            @OperationParam(name = "system", min = 0, max = 1) UriType system,
            @OperationParam(name = "systemVersion", min = 0, max = 1) StringType systemVersion,
            @OperationParam(name = "display", min = 0, max = 1) StringType display,
            @OperationParam(name = "coding", min = 0, max = 1) Coding coding,
            @OperationParam(name = "codeableConcept", min = 0, max = 1) CodeableConcept codeableConcept,
            @OperationParam(name = "inferSystem", min = 0, max = 1) BooleanType inferSystem,
            @OperationParam(name = "tx-resource", min = 0, max = OperationParam.MAX_UNLIMITED)
                    List<IBaseResource> txResources,
            RequestDetails request) {
        return answer(() -> {
            PackageTerminology engine = sent(txResources);
            List<Coding> codings = codings(code, system, systemVersion, display, coding, codeableConcept);
            boolean infer = inferSystem != null && inferSystem.booleanValue();
            String form = form(code, coding);
            Optional<Target> target = packaged(engine, valueSet, url, valueSetVersion, id, request);
            if (target.isPresent()) {
                return checked(
                        target.get().canonical() != null
                                ? engine.validateInValueSet(target.get().canonical(), codings, infer)
                                : engine.validateInValueSet(target.get().inline(), codings, infer),
                        form);
            }
            return storedValueSets.validateCode(
                    servletRequest,
                    id,
                    url,
                    valueSetVersion,
                    code,
                    system,
                    systemVersion,
                    display,
                    coding,
                    codeableConcept,
                    request);
        });
    }

    @Operation(name = "$validate-code", idempotent = true, typeName = "CodeSystem")
    public IBaseParameters validateCodeInCodeSystem(
            HttpServletRequest servletRequest,
            @IdParam(optional = true) IdType id,
            @OperationParam(name = "url", min = 0, max = 1) UriType url,
            @OperationParam(name = "version", min = 0, max = 1) StringType version,
            @OperationParam(name = "code", min = 0, max = 1) CodeType code,
            @OperationParam(name = "display", min = 0, max = 1) StringType display,
            @OperationParam(name = "coding", min = 0, max = 1) Coding coding,
            @OperationParam(name = "codeableConcept", min = 0, max = 1) CodeableConcept codeableConcept,
            @OperationParam(name = "tx-resource", min = 0, max = OperationParam.MAX_UNLIMITED)
                    List<IBaseResource> txResources,
            RequestDetails request) {
        return answer(() -> {
            PackageTerminology engine = sent(txResources);
            String system = value(url) != null
                    ? value(url)
                    : coding != null
                            ? coding.getSystem()
                            : codeableConcept != null && codeableConcept.hasCoding()
                                    ? codeableConcept.getCodingFirstRep().getSystem()
                                    : null;
            String canonical = ours(canonical(system, value(version)), id, "CodeSystem", request);
            if (canonical != null && engine.hasCodeSystem(canonical)) {
                return checked(
                        engine.validateInCodeSystem(
                                canonical,
                                codings(
                                        code,
                                        new UriType(PackageTerminology.url(canonical)),
                                        null,
                                        display,
                                        coding,
                                        codeableConcept)),
                        form(code, coding));
            }
            String systemUrl = PackageTerminology.url(system);
            if (id == null && systemUrl != null && !stored(systemUrl, request)) {
                return unknownSystem(systemUrl);
            }
            return storedCodeSystems
                    .get()
                    .validateCode(
                            servletRequest,
                            id,
                            url != null || systemUrl == null ? url : new UriType(systemUrl),
                            version,
                            code,
                            display,
                            coding,
                            codeableConcept,
                            request);
        });
    }

    @Operation(name = "$lookup", idempotent = true, typeName = "CodeSystem")
    public IBaseParameters lookup(
            HttpServletRequest servletRequest,
            @OperationParam(name = "code", min = 0, max = 1) CodeType code,
            @OperationParam(name = "system", min = 0, max = 1) UriType system,
            @OperationParam(name = "coding", min = 0, max = 1) Coding coding,
            @OperationParam(name = "version", min = 0, max = 1) StringType version,
            @OperationParam(name = "date", min = 0, max = 1) StringType date,
            @OperationParam(name = "displayLanguage", min = 0, max = 1) CodeType displayLanguage,
            @OperationParam(name = "property", min = 0, max = OperationParam.MAX_UNLIMITED) List<CodeType> properties,
            RequestDetails request) {
        return answer(() -> {
            String systemUrl = coding != null && coding.hasSystem() ? coding.getSystem() : value(system);
            String codeValue = coding != null && coding.hasCode() ? coding.getCode() : value(code);
            String canonical = canonical(
                    systemUrl, value(version) != null ? value(version) : coding == null ? null : coding.getVersion());
            if (systemUrl != null && terminology.hasCodeSystem(canonical)) {
                if (codeValue == null) {
                    throw new TerminologyRequestException("$lookup needs a code (with system) or a coding");
                }
                Set<String> wanted = properties == null
                        ? Set.of()
                        : properties.stream().map(CodeType::getValue).collect(Collectors.toSet());
                return looked(terminology.lookup(canonical, codeValue), wanted);
            }
            List<org.hl7.fhir.instance.model.api.IPrimitiveType<String>> names =
                    properties == null ? null : new ArrayList<>(properties);
            return storedCodeSystems
                    .get()
                    .lookup(servletRequest, code, system, coding, version, displayLanguage, names, request);
        });
    }

    @Operation(name = "$subsumes", idempotent = true, typeName = "CodeSystem")
    public IBaseParameters subsumes(
            HttpServletRequest servletRequest,
            @OperationParam(name = "codeA", min = 0, max = 1) CodeType codeA,
            @OperationParam(name = "codeB", min = 0, max = 1) CodeType codeB,
            @OperationParam(name = "system", min = 0, max = 1) UriType system,
            @OperationParam(name = "version", min = 0, max = 1) StringType version,
            @OperationParam(name = "codingA", min = 0, max = 1) Coding codingA,
            @OperationParam(name = "codingB", min = 0, max = 1) Coding codingB,
            RequestDetails request) {
        return answer(() -> {
            String systemUrl = value(system) != null ? value(system) : codingA != null ? codingA.getSystem() : null;
            if (systemUrl != null && terminology.hasCodeSystem(systemUrl)) {
                if (codingA != null && codingB != null && !codingA.getSystem().equals(codingB.getSystem())) {
                    throw new TerminologyRequestException("codingA and codingB are in different code systems");
                }
                String a = codingA != null ? codingA.getCode() : value(codeA);
                String b = codingB != null ? codingB.getCode() : value(codeB);
                if (a == null || b == null) {
                    throw new TerminologyRequestException("$subsumes needs codeA and codeB (or codingA and codingB)");
                }
                Parameters out = new Parameters();
                out.addParameter()
                        .setName("outcome")
                        .setValue(new CodeType(terminology.subsumes(canonical(systemUrl, value(version)), a, b)));
                return out;
            }
            return storedCodeSystems
                    .get()
                    .subsumes(servletRequest, codeA, codeB, system, codingA, codingB, version, request);
        });
    }

    @Operation(name = "$translate", idempotent = true, typeName = "ConceptMap")
    public IBaseParameters translate(
            HttpServletRequest servletRequest,
            @IdParam(optional = true) IdType id,
            @OperationParam(name = "url", min = 0, max = 1) UriType url,
            @OperationParam(name = "conceptMapVersion", min = 0, max = 1) StringType conceptMapVersion,
            @OperationParam(name = "code", min = 0, max = 1) CodeType code,
            @OperationParam(name = "system", min = 0, max = 1) UriType system,
            @OperationParam(name = "version", min = 0, max = 1) StringType version,
            @OperationParam(name = "source", min = 0, max = 1) UriType source,
            @OperationParam(name = "coding", min = 0, max = 1) Coding coding,
            @OperationParam(name = "codeableConcept", min = 0, max = 1) CodeableConcept codeableConcept,
            @OperationParam(name = "target", min = 0, max = 1) UriType target,
            @OperationParam(name = "targetsystem", min = 0, max = 1) UriType targetSystem,
            @OperationParam(name = "reverse", min = 0, max = 1) BooleanType reverse,
            RequestDetails request) {
        return answer(() -> {
            String canonical = ours(canonical(value(url), value(conceptMapVersion)), id, "ConceptMap", request);
            if (canonical != null && terminology.hasConceptMap(canonical)) {
                List<Coding> sources = codings(code, system, version, null, coding, codeableConcept);
                Parameters out = new Parameters();
                boolean any = false;
                List<String> messages = new ArrayList<>();
                for (Coding sourceCoding : sources) {
                    ConceptMapTranslator.Translation translation = terminology.translate(
                            canonical, sourceCoding, value(targetSystem), reverse != null && reverse.booleanValue());
                    any |= translation.result();
                    if (translation.message() != null) {
                        messages.add(translation.message());
                    }
                    for (ConceptMapTranslator.Match match : translation.matches()) {
                        ParametersParameterComponent part = new ParametersParameterComponent().setName("match");
                        part.addPart()
                                .setName("equivalence")
                                .setValue(new CodeType(match.equivalence().toCode()));
                        part.addPart().setName("concept").setValue(match.concept());
                        part.addPart().setName("source").setValue(new UriType(match.source()));
                        out.addParameter(part);
                    }
                }
                out.getParameter()
                        .add(
                                0,
                                new ParametersParameterComponent()
                                        .setName("result")
                                        .setValue(new BooleanType(any)));
                if (!any) {
                    out.getParameter()
                            .add(
                                    1,
                                    new ParametersParameterComponent()
                                            .setName("message")
                                            .setValue(new StringType(String.join("; ", messages))));
                }
                return out;
            }
            return storedConceptMaps
                    .get()
                    .translate(
                            servletRequest,
                            id,
                            url,
                            conceptMapVersion,
                            system,
                            version,
                            source,
                            null,
                            code,
                            coding,
                            codeableConcept,
                            null,
                            null,
                            null,
                            target,
                            null,
                            targetSystem,
                            null,
                            reverse,
                            request);
        });
    }

    /** The ValueSet a request is about, when the package (with what was sent along) answers it: by url or inline. */
    private record Target(String canonical, ValueSet inline) {}

    private Optional<Target> packaged(
            PackageTerminology engine,
            IBaseResource valueSet,
            UriType url,
            StringType version,
            IdType id,
            RequestDetails request) {
        if (valueSet instanceof ValueSet inline && id == null && url == null) {
            if (engine.hasValueSet(inline.getUrl())) {
                return Optional.of(new Target(inline.getUrl(), null));
            }
            if (engine.canExpand(inline)) {
                return Optional.of(new Target(null, inline));
            }
        }
        String canonical = ours(canonical(value(url), value(version)), id, "ValueSet", request);
        return canonical != null && valueSet == null && engine.hasValueSet(canonical)
                ? Optional.of(new Target(canonical, null))
                : Optional.empty();
    }

    /**
     * The canonical the request names: the one given, or for an instance-level call the url of the stored resource
     * when it is one of the package's; null when neither.
     */
    private String ours(String canonical, IdType id, String type, RequestDetails request) {
        if (id == null || !id.hasIdPart()) {
            return canonical;
        }
        IBaseResource stored = daos.getResourceDao(type).read(id, request);
        String storedUrl = ((MetadataResource) stored).getUrl();
        boolean packaged =
                switch (type) {
                    case "ValueSet" -> terminology.hasValueSet(storedUrl);
                    case "CodeSystem" -> terminology.hasCodeSystem(storedUrl);
                    default -> terminology.hasConceptMap(storedUrl);
                };
        return packaged ? storedUrl : null;
    }

    private boolean stored(String codeSystemUrl, RequestDetails request) {
        return !daos.getResourceDao("CodeSystem")
                .searchForResourceIds(
                        new SearchParameterMap()
                                .setLoadSynchronous(true)
                                .add(CodeSystem.SP_URL, new UriParam(codeSystemUrl)),
                        request)
                .isEmpty();
    }

    /**
     * A code system neither the package, the client nor the store holds: no verdict on the code, said in the shape
     * the HL7 terminology ecosystem uses, so a validator reports an unsupported system rather than a wrong code.
     */
    private static Parameters unknownSystem(String system) {
        String message =
                "A definition for CodeSystem '" + system + "' could not be found, so the code cannot be " + "validated";
        Parameters out = new Parameters();
        out.addParameter("result", false);
        out.addParameter("message", message);
        out.addParameter().setName("x-caused-by-unknown-system").setValue(new CanonicalType(system));
        addIssue(out, OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueType.NOTFOUND, "not-found", message);
        return out;
    }

    /**
     * The {@code issues} output of {@code $validate-code}: one issue, coded with the HL7 tooling
     * {@code tx-issue-type}, which validators read to classify it.
     */
    private static OperationOutcome.OperationOutcomeIssueComponent addIssue(
            Parameters out,
            OperationOutcome.IssueSeverity severity,
            OperationOutcome.IssueType type,
            String txIssueType,
            String message) {
        OperationOutcome issues = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue =
                issues.addIssue().setSeverity(severity).setCode(type);
        issue.getDetails()
                .setText(message)
                .addCoding(new Coding("http://hl7.org/fhir/tools/CodeSystem/tx-issue-type", txIssueType, null));
        out.addParameter().setName("issues").setResource(issues);
        return issue;
    }

    /** The package, plus what the client sent along as {@code tx-resource}, if anything. */
    private PackageTerminology sent(List<IBaseResource> txResources) {
        return txResources == null || txResources.isEmpty() ? terminology : terminology.with(txResources);
    }

    private static <T> T answer(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (TerminologyRequestException e) {
            throw new InvalidRequestException(e.getMessage());
        } catch (UnknownCodeException e) {
            throw new ResourceNotFoundException(e.getMessage());
        }
    }

    private static List<Coding> codings(
            CodeType code,
            UriType system,
            StringType systemVersion,
            StringType display,
            Coding coding,
            CodeableConcept codeableConcept) {
        List<Coding> codings = new ArrayList<>();
        if (code != null && code.hasValue()) {
            codings.add(new Coding(value(system), code.getValue(), value(display)).setVersion(value(systemVersion)));
        }
        if (coding != null) {
            codings.add(coding);
        }
        if (codeableConcept != null) {
            codings.addAll(codeableConcept.getCoding());
        }
        return codings;
    }

    /** How the concept was sent, for the issue's location: a bare code, a Coding or a CodeableConcept. */
    private static String form(CodeType code, Coding coding) {
        return code != null && code.hasValue() ? "" : coding != null ? "Coding." : "CodeableConcept.coding[%d].";
    }

    private static Parameters checked(CodeCheck check, String form) {
        Parameters out = new Parameters();
        out.addParameter("result", check.valid());
        Coding concept = check.concept();
        if (concept != null) {
            if (concept.hasSystem()) {
                out.addParameter().setName("system").setValue(new UriType(concept.getSystem()));
            }
            if (concept.hasCode()) {
                out.addParameter().setName("code").setValue(new CodeType(concept.getCode()));
            }
            if (concept.hasVersion()) {
                out.addParameter("version", concept.getVersion());
            }
            if (concept.hasDisplay()) {
                out.addParameter("display", concept.getDisplay());
            }
        }
        if (check.message() != null) {
            out.addParameter("message", check.message());
            String location = form.formatted(check.index()) + check.element();
            addIssue(
                            out,
                            check.valid()
                                    ? OperationOutcome.IssueSeverity.WARNING
                                    : OperationOutcome.IssueSeverity.ERROR,
                            check.issue().equals("invalid-data")
                                    ? OperationOutcome.IssueType.INVALID
                                    : OperationOutcome.IssueType.CODEINVALID,
                            check.issue(),
                            check.message())
                    .addLocation(location)
                    .addExpression(location);
        }
        return out;
    }

    private static Parameters looked(PackageTerminology.Lookup lookup, Set<String> wanted) {
        CodeSystem codeSystem = lookup.codeSystem();
        Parameters out = new Parameters();
        out.addParameter("name", codeSystem.getName());
        if (codeSystem.hasVersion()) {
            out.addParameter("version", codeSystem.getVersion());
        }
        out.addParameter("display", lookup.concept().getDisplay());
        lookup.concept().getDesignation().forEach(designation -> {
            ParametersParameterComponent part = out.addParameter().setName("designation");
            if (designation.hasLanguage()) {
                part.addPart().setName("language").setValue(new CodeType(designation.getLanguage()));
            }
            if (designation.hasUse()) {
                part.addPart().setName("use").setValue(designation.getUse());
            }
            part.addPart().setName("value").setValue(new StringType(designation.getValue()));
        });
        for (ConceptPropertyComponent property : lookup.concept().getProperty()) {
            if (wanted.isEmpty() || wanted.contains(property.getCode())) {
                ParametersParameterComponent part = out.addParameter().setName("property");
                part.addPart().setName("code").setValue(new CodeType(property.getCode()));
                part.addPart().setName("value").setValue(property.getValue());
            }
        }
        if (wanted.isEmpty() || wanted.contains("parent")) {
            lookup.parent().ifPresent(parent -> property(out, "parent", parent));
        }
        if (wanted.isEmpty() || wanted.contains("child")) {
            lookup.children().forEach(child -> property(out, "child", child));
        }
        return out;
    }

    private static void property(Parameters out, String code, String value) {
        ParametersParameterComponent part = out.addParameter().setName("property");
        part.addPart().setName("code").setValue(new CodeType(code));
        part.addPart().setName("value").setValue(new CodeType(value));
    }

    private static String canonical(String url, String version) {
        return url == null || version == null ? url : url + "|" + version;
    }

    private static String value(org.hl7.fhir.r4.model.PrimitiveType<?> primitive) {
        return primitive == null || primitive.isEmpty() ? null : primitive.getValueAsString();
    }
}
