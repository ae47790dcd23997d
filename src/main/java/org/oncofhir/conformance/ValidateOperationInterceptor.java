package org.oncofhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;

/**
 * Makes {@code Observation/$validate} judge a biomarker result as a write would: HAPI's validator already checks
 * the profiles the resource claims and the {@code profile} parameter (our package is in its validation chain);
 * this adds the lenient base biomarker profile's findings for results that claim none of our profiles.
 * Registered with HAPI's storage-level interceptor service: the DAO's validator broadcasts there.
 */
@Interceptor
public class ValidateOperationInterceptor {

    private final FhirContext fhirContext;
    private final BiomarkerValidator validator;

    public ValidateOperationInterceptor(FhirContext fhirContext, BiomarkerValidator validator) {
        this.fhirContext = fhirContext;
        this.validator = validator;
    }

    @Hook(Pointcut.VALIDATION_COMPLETED)
    public ValidationResult completed(IBaseResource resource, String raw, ValidationResult result) {
        // The DAO validates the request body as text, so the parsed resource may be absent.
        IBaseResource validated = resource != null ? resource : parse(raw);
        // A claimed profile of ours was already checked by HAPI's validator (our package is first in its chain);
        // only results that claim none need the base biomarker profile added.
        if (!(validated instanceof Observation observation)
                || !validator.inScope(observation)
                || validator.claimsOurProfile(observation)) {
            return result;
        }
        Map<String, SingleValidationMessage> merged = new LinkedHashMap<>();
        for (SingleValidationMessage m : result.getMessages()) {
            merged.putIfAbsent(m.getLocationString() + "|" + m.getMessage(), m);
        }
        for (SingleValidationMessage m : validator.validate(observation, null).getMessages()) {
            merged.putIfAbsent(m.getLocationString() + "|" + m.getMessage(), m);
        }
        List<SingleValidationMessage> messages = new ArrayList<>(merged.values());
        return new ValidationResult(fhirContext, messages);
    }

    private IBaseResource parse(String raw) {
        EncodingEnum encoding = raw == null ? null : EncodingEnum.detectEncodingNoDefault(raw);
        if (encoding == null) {
            return null;
        }
        try {
            return encoding.newParser(fhirContext).parseResource(raw);
        } catch (DataFormatException e) {
            // Unparseable input: HAPI's own result already reports it.
            return null;
        }
    }
}
