package org.oncofhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.oncofhir.codes.CodeSystems;

/**
 * Validates biomarker Observations against OncoFHIR's profiles. The validation chain holds the HL7 core definitions,
 * our package (first) and in-memory terminology, so no terminology server is ever called.
 *
 * <p>An Observation that claims one of our profiles is validated against it. One that carries a biomarker code
 * without claiming a profile is validated against the lenient base biomarker profile, so that mCODE, Synthea and
 * EHR-style results are accepted while nonsense is refused. Other Observations are out of scope here.
 */
public class BiomarkerValidator {

    private final ConformancePackage conformance;
    private final FhirValidator validator;
    private final FhirContext fhirContext;
    private final ValidationSupportChain chain;
    private volatile CompiledBiomarkerCheck compiled;

    /**
     * @param foreign the profiles of other implementation guides the server holds ({@link ForeignPackages})
     * @param core the HL7 R4 core definitions; the server passes HAPI's instance rather than a second copy
     * @param refuseUnknownProfiles whether a claimed profile this server does not hold is an error (else a warning)
     */
    public BiomarkerValidator(
            FhirContext fhirContext,
            ConformancePackage conformance,
            IValidationSupport foreign,
            DefaultProfileValidationSupport core,
            boolean refuseUnknownProfiles) {
        this(fhirContext, conformance, foreign, core, refuseUnknownProfiles, PooledInstanceValidator::new);
    }

    /** With the instance validator {@code module} builds over the chain: HAPI's stock one, for comparison in tests. */
    BiomarkerValidator(
            FhirContext fhirContext,
            ConformancePackage conformance,
            IValidationSupport foreign,
            DefaultProfileValidationSupport core,
            boolean refuseUnknownProfiles,
            Function<IValidationSupport, FhirInstanceValidator> module) {
        this.conformance = conformance;
        // An in-memory chain of its own, our package first: the R4 core definitions carry a SNOMED CT CodeSystem
        // with content "not-present", which would otherwise shadow our SNOMED CT fragment.
        ValidationSupportChain chain = new ValidationSupportChain(
                conformance.validationSupport(),
                foreign,
                core,
                new CommonCodeSystemsTerminologyService(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                localCodeSystems(fhirContext),
                new SnapshotGeneratingValidationSupport(fhirContext));
        // FHIR: a required binding on a CodeableConcept is met by one coding in the value set (HAPI's default
        // wants every coding in it, which refuses a lab's local code sent beside LOINC).
        chain.setCodeableConceptValidationSuccessfulIfNotAllCodingsAreValid(true);
        this.fhirContext = fhirContext;
        this.chain = chain;
        FhirInstanceValidator instanceValidator = module.apply(chain);
        instanceValidator.setAnyExtensionsAllowed(true);
        instanceValidator.setErrorForUnknownProfiles(refuseUnknownProfiles);
        this.validator = fhirContext.newValidator();
        this.validator.registerValidatorModule(instanceValidator);
    }

    /**
     * Codings from code systems nobody publishes (a lab's local codes) are information, not errors: FHIR's required
     * binding on a CodeableConcept is met by any one coding in the value set, and labs send their own code beside
     * LOINC. The value itself is still checked by every profile rule.
     */
    private static UnknownCodeSystemWarningValidationSupport localCodeSystems(FhirContext fhirContext) {
        UnknownCodeSystemWarningValidationSupport local = new UnknownCodeSystemWarningValidationSupport(fhirContext);
        local.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.INFORMATION);
        return local;
    }

    /** Whether this Observation falls under biomarker validation (claims our profile or has a biomarker code). */
    public boolean inScope(Observation observation) {
        return claimsOurProfile(observation) || hasBiomarkerCode(observation);
    }

    /**
     * Validates against the profiles the Observation claims, or the lenient base profile when it claims none of
     * ours; {@code extraProfile} (may be null) is validated too, as {@code $validate?profile=} asks.
     */
    public ValidationResult validate(Observation observation, String extraProfile) {
        ValidationOptions options = new ValidationOptions();
        if (extraProfile != null) {
            options.addProfile(extraProfile);
        }
        if (!claimsOurProfile(observation) && (extraProfile == null || !conformance.isOurProfile(extraProfile))) {
            options.addProfile(ConformancePackage.BASE_BIOMARKER_PROFILE);
        }
        return validator.validateWithResult(observation, options);
    }

    /**
     * For storage: whether this Observation certainly passes {@link #validate} with no error and no unknown profile,
     * decided from our compiled profiles without HL7's validator. False only means {@link #validate} must decide.
     */
    public boolean certainlyValid(Observation observation) {
        return compiledCheck().certainlyValid(observation);
    }

    /** Compiled on first use (the start-up warm-up), not while the server starts. */
    CompiledBiomarkerCheck compiledCheck() {
        CompiledBiomarkerCheck check = compiled;
        if (check == null) {
            synchronized (this) {
                if (compiled == null) {
                    compiled = new CompiledBiomarkerCheck(fhirContext, conformance, chain);
                }
                check = compiled;
            }
        }
        return check;
    }

    /** A small, valid HER2 IHC result: validating it once fills the validator's caches. */
    static Observation warmUpSample() {
        Observation sample = new Observation();
        sample.setStatus(Observation.ObservationStatus.FINAL);
        sample.addCategory()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                .setCode("laboratory");
        sample.getCode().addCoding().setSystem(CodeSystems.LOINC).setCode("85319-2");
        sample.getSubject().setReference("Patient/warm-up");
        sample.setEffective(new DateTimeType("2026-01-01"));
        sample.getValueCodeableConcept()
                .addCoding()
                .setSystem(CodeSystems.LOINC)
                .setCode("LA11843-2");
        return sample;
    }

    /** The warnings that a claimed profile is not held here (so the resource was not checked against it). */
    public static List<SingleValidationMessage> unknownProfiles(ValidationResult result) {
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING)
                .filter(m -> m.getMessageId() != null
                        && m.getMessageId().toUpperCase(Locale.ROOT).startsWith("VALIDATION_VAL_PROFILE_UNKNOWN"))
                .toList();
    }

    public static List<SingleValidationMessage> errors(ValidationResult result) {
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
    }

    boolean claimsOurProfile(Observation observation) {
        return observation.getMeta().getProfile().stream()
                .map(CanonicalType::getValue)
                .anyMatch(p -> p != null && conformance.isOurProfile(p));
    }

    private boolean hasBiomarkerCode(Observation observation) {
        for (Coding coding : observation.getCode().getCoding()) {
            if (coding.hasSystem()
                    && coding.hasCode()
                    && conformance.isBiomarkerCode(coding.getSystem(), coding.getCode())) {
                return true;
            }
        }
        return false;
    }
}
