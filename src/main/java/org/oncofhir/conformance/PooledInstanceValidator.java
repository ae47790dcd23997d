package org.oncofhir.conformance;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.exceptions.FHIRFormatError;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.elementmodel.ParserBase.ValidationPolicy;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's instance validator, with the HL7 {@link InstanceValidator}s kept and reused instead of built per call.
 *
 * <p>Why: HAPI 8.8.0 builds a new InstanceValidator for every validation, and the constructor of
 * org.hl7.fhir.validation 6.7.9's InstanceValidator parses the 1.5 MB OID registry ({@code oidregistry.csv}, 21k
 * lines, ~12 MB allocated) every time: half of the CPU of a validated create. Until the OID table is loaded once
 * upstream, each InstanceValidator here serves many validations, one thread at a time (taken from and returned to a
 * pool). An InstanceValidator keeps a little state between calls (its coding observer list grows by a few entries
 * per validation), so each is retired after {@link #USES} validations. Same settings and the same message
 * post-processing as HAPI's per-call validator; JSON only (what this server validates), anything else takes
 * HAPI's own path. Configure before the first validation: later setter calls reach only new validators.
 */
public class PooledInstanceValidator extends FhirInstanceValidator {

    static final int USES = 50;

    /**
     * A validator with its own element-model parser: the validator's stream entry point builds a new parser, and
     * with it a FHIRPath engine that indexes every StructureDefinition, for each call (a tenth of a Bundle's CPU).
     */
    private record Pooled(InstanceValidator validator, JsonParser parser, IWorkerContext context, int[] uses) {}

    private final ConcurrentLinkedDeque<Pooled> pool = new ConcurrentLinkedDeque<>();

    public PooledInstanceValidator(IValidationSupport validationSupport) {
        super(validationSupport);
    }

    @Override
    protected List<ValidationMessage> validate(IValidationContext<?> context) {
        if (context.getResourceAsStringEncoding() != EncodingEnum.JSON) {
            return super.validate(context);
        }
        IWorkerContext worker = provideWorkerContext();
        String input = context.getResourceAsString();
        List<StructureDefinition> profiles = new ArrayList<>();
        List<ValidationMessage> unknownProfiles = new ArrayList<>();
        for (String url : profileUrls(context, input)) {
            profile(worker, url, profiles, unknownProfiles);
        }
        List<ValidationMessage> messages = new ArrayList<>();
        Pooled pooled = pool.pollFirst();
        if (pooled == null || pooled.context() != worker) {
            pooled = newValidator(worker);
        }
        boolean reusable = false;
        try {
            validate(pooled, context.getOptions().getAppContext(), input, profiles, messages);
            reusable = true;
        } finally {
            if (reusable && ++pooled.uses()[0] < USES) {
                pool.offerFirst(pooled);
            }
        }
        if (profiles.isEmpty()) {
            messages.addAll(unknownProfiles);
        }
        messages.removeIf(PooledInstanceValidator::suppressed);
        for (ValidationMessage message : messages) {
            if (I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(message.getMessageId())
                    || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(message.getMessageId())) {
                message.setLevel(isErrorForUnknownProfiles() ? IssueSeverity.ERROR : IssueSeverity.WARNING);
            }
        }
        return messages;
    }

    /**
     * What the validator's stream entry point does for JSON, with the pooled parser: parse with every check on, then
     * validate each parsed fragment, the parser's findings first. A logical-model profile changes how the parser
     * reads, so it takes the validator's own path.
     */
    private static void validate(
            Pooled pooled,
            Object appContext,
            String json,
            List<StructureDefinition> profiles,
            List<ValidationMessage> messages) {
        InputStream input = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
        if (profiles.stream().anyMatch(p -> p.getKind() == StructureDefinition.StructureDefinitionKind.LOGICAL)) {
            pooled.validator().validate(appContext, messages, input, FhirFormat.JSON, profiles);
            return;
        }
        List<ValidatedFragment> fragments;
        try {
            fragments = pooled.parser().parse(input);
        } catch (IOException e) {
            throw new FHIRException(e);
        }
        for (ValidatedFragment fragment : fragments) {
            if (fragment.getElement() != null) {
                pooled.validator()
                        .validate(
                                appContext,
                                fragment.getErrors(),
                                fragments.size() > 1 ? fragment.path() : null,
                                fragment.getElement(),
                                profiles);
            }
            messages.addAll(fragment.getErrors());
        }
    }

    /** The profiles asked for, then those the resource claims in {@code meta.profile}. */
    private static List<String> profileUrls(IValidationContext<?> context, String json) {
        List<String> urls = new ArrayList<>(context.getOptions().getProfiles());
        JsonElement meta =
                com.google.gson.JsonParser.parseString(json).getAsJsonObject().get("meta");
        if (meta instanceof JsonObject object && object.get("profile") instanceof JsonArray claimed) {
            claimed.forEach(url -> urls.add(url.getAsString()));
        }
        return urls;
    }

    private static void profile(
            IWorkerContext worker, String url, List<StructureDefinition> found, List<ValidationMessage> unknown) {
        try {
            StructureDefinition profile = worker.fetchResource(StructureDefinition.class, url);
            if (profile != null) {
                found.add(profile);
            } else {
                unknown.add(new ValidationMessage()
                        .setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN)
                        .setLevel(IssueSeverity.ERROR)
                        .setMessage("Invalid profile. Failed to retrieve profile with url=" + url));
            }
        } catch (FHIRException e) {
            // A profile that cannot be fetched is reported by the validator itself, as HAPI's wrapper leaves it.
        }
    }

    /** Messages HAPI's wrapper drops: about bindings without a value set, and the unpublished mime-type value set. */
    private static boolean suppressed(ValidationMessage message) {
        return I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE.equals(message.getMessageId())
                || (I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND.equals(message.getMessageId())
                        && message.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes"));
    }

    private Pooled newValidator(IWorkerContext worker) {
        InstanceValidator validator = new InstanceValidator(
                worker,
                getHostApplicationServices() != null ? getHostApplicationServices() : new NullEvaluationContext(),
                new XVerExtensionManagerOld(worker),
                new ValidatorSession(),
                new ValidatorSettings());
        validator.setAssumeValidRestReferences(isAssumeValidRestReferences());
        validator.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
        validator.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
        validator.setResourceIdRule(IdStatus.OPTIONAL);
        validator.setNoTerminologyChecks(isNoTerminologyChecks());
        validator.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
        validator.setUnknownCodeSystemsCauseErrors(true);
        validator.getExtensionDomains().addAll(getExtensionDomains());
        validator.setFetcher(getValidatorResourceFetcher());
        validator.setPolicyAdvisor(getValidatorPolicyAdvisor());
        validator.setNoExtensibleWarnings(isNoExtensibleWarnings());
        validator.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
        validator.setAllowExamples(isAllowExamples());
        validator.setAllowXsiLocation(true);
        JsonParser parser = new DefinitionCachingJsonParser(worker);
        parser.setupValidation(ValidationPolicy.EVERYTHING);
        parser.setAllowComments(validator.isAllowComments());
        return new Pooled(validator, parser, worker, new int[1]);
    }

    @Override
    public void invalidateCaches() {
        super.invalidateCaches();
        pool.clear();
    }

    /**
     * The element-model parser finds the StructureDefinition of each resource it reads by going through all the
     * context's StructureDefinitions (R4 core, mCODE, ours), building a string at each step: 9 % of the CPU samples
     * of a Bundle's request threads. The context of a pooled validator does not change, so each resource type's
     * definition is looked up once; a lookup that fails is not kept, and reports its error each time as before.
     */
    private static final class DefinitionCachingJsonParser extends JsonParser {

        private final Map<String, StructureDefinition> definitions = new HashMap<>();

        DefinitionCachingJsonParser(IWorkerContext worker) {
            super(worker, new ProfileUtilities(worker, null, null, new FHIRPathEngine(worker)));
        }

        @Override
        protected StructureDefinition getDefinition(List<ValidationMessage> errors, int line, int col, String name)
                throws FHIRFormatError {
            StructureDefinition known = definitions.get(name);
            if (known != null) {
                return known;
            }
            StructureDefinition found = super.getDefinition(errors, line, col, name);
            if (found != null) {
                definitions.put(name, found);
            }
            return found;
        }
    }
}
