package org.oncofhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.oncofhir.server.FhirRestConfig;

/**
 * Validates every biomarker Observation before it is stored (create, update, and each entry of a transaction or
 * batch) and refuses an invalid one with 422 and an OperationOutcome naming each failed element and rule. Storage
 * hooks run inside the transaction, so a refused entry rolls the whole transaction back.
 */
@Interceptor
public class BiomarkerWriteInterceptor implements FhirRestConfig.FhirServerCustomizer {

    private static final String UNCHECKED_PROFILES = BiomarkerWriteInterceptor.class.getName() + ".uncheckedProfiles";

    private final FhirContext fhirContext;
    private final BiomarkerValidator validator;

    public BiomarkerWriteInterceptor(FhirContext fhirContext, BiomarkerValidator validator) {
        this.fhirContext = fhirContext;
        this.validator = validator;
    }

    @Override
    public void customize(RestfulServer server) {
        server.registerInterceptor(this);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource, RequestDetails request) {
        check(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource updated, RequestDetails request) {
        check(updated, request);
    }

    /**
     * A claimed profile this server does not hold was not checked: the sender learns it from the write's
     * OperationOutcome ({@code Prefer: return=OperationOutcome}), beside HAPI's own.
     */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean reportUncheckedProfiles(RequestDetails request, ResponseDetails response) {
        if (request.getUserData().get(UNCHECKED_PROFILES) instanceof List<?> messages
                && response.getResponseResource() instanceof OperationOutcome outcome) {
            messages.forEach(message -> outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.WARNING)
                    .setCode(OperationOutcome.IssueType.NOTSUPPORTED)
                    .setDiagnostics(message + ": stored, and checked against the profiles this server holds"));
        }
        return true;
    }

    private void check(IBaseResource resource, RequestDetails request) {
        if (!(resource instanceof Observation observation)
                || withdrawn(observation)
                || !validator.inScope(observation)
                || validator.certainlyValid(observation)) {
            return;
        }
        ValidationResult result = validator.validate(observation, null);
        List<SingleValidationMessage> errors = BiomarkerValidator.errors(result);
        if (!errors.isEmpty()) {
            throw new UnprocessableEntityException(fhirContext, outcome(errors));
        }
        List<SingleValidationMessage> unchecked = BiomarkerValidator.unknownProfiles(result);
        if (!unchecked.isEmpty() && request != null) {
            @SuppressWarnings("unchecked")
            List<String> messages = (List<String>)
                    request.getUserData().computeIfAbsent(UNCHECKED_PROFILES, key -> new ArrayList<String>());
            unchecked.forEach(m -> messages.add(m.getMessage()));
        }
    }

    /**
     * A laboratory withdraws a result by storing it as entered-in-error or cancelled: no value rule applies to the
     * withdrawn version (history keeps the one it replaces), and refusing it would leave the wrong result in force.
     */
    private static boolean withdrawn(Observation observation) {
        return observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || observation.getStatus() == Observation.ObservationStatus.CANCELLED;
    }

    private static OperationOutcome outcome(List<SingleValidationMessage> errors) {
        OperationOutcome outcome = new OperationOutcome();
        for (SingleValidationMessage error : errors) {
            OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                    .setSeverity(
                            error.getSeverity() == ResultSeverityEnum.FATAL
                                    ? OperationOutcome.IssueSeverity.FATAL
                                    : OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.PROCESSING)
                    .setDiagnostics(error.getMessage());
            if (error.getLocationString() != null) {
                issue.addExpression(error.getLocationString());
            }
            if (error.getMessageId() != null) {
                issue.getDetails().setText(error.getMessageId());
            }
        }
        return outcome;
    }
}
