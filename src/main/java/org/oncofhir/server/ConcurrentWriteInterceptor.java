package org.oncofhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Writes that race with another request, on this instance or on another one sharing the database.
 *
 * <p>Conditional writes ({@code If-None-Exist}, conditional update/delete URLs) and transaction/batch Bundles are
 * idempotent by intent: when the database refuses one because a concurrent request stored the same match first (the
 * unique match-URL index), HAPI rolls back and this interceptor has it run again, so the retry finds the winner and
 * answers 200 instead of a spurious 409. A request carrying {@code If-Match} is never retried: its conflict is the
 * client's to resolve, and its conflict answers 412 Precondition Failed as FHIR specifies for a stale If-Match.
 * A conflict that remains answers 409 with a plain message, never the database's SQL text.
 */
@Component
@Interceptor
public class ConcurrentWriteInterceptor implements FhirRestConfig.FhirServerCustomizer {

    static final int MAX_RETRIES = 3;

    @Override
    public void customize(RestfulServer server) {
        server.registerInterceptor(this);
    }

    @Hook(Pointcut.STORAGE_VERSION_CONFLICT)
    public ResourceVersionConflictResolutionStrategy retryIdempotentWrites(RequestDetails request) {
        ResourceVersionConflictResolutionStrategy strategy = new ResourceVersionConflictResolutionStrategy();
        if (request != null && isIdempotentWrite(request)) {
            strategy.setRetry(true);
            strategy.setMaxRetries(MAX_RETRIES);
        }
        return strategy;
    }

    /**
     * A conflict on a request with {@code If-Match} is FHIR's 412 (the version the client holds is no longer current);
     * other conflicts stay 409. Either way the database's own text (SQL, constraint names) is not shown.
     */
    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException conflictResponse(RequestDetails request, Throwable exception) {
        if (!(exception instanceof ResourceVersionConflictException)) {
            return null;
        }
        boolean database = ExceptionUtils.indexOfType(exception, DataIntegrityViolationException.class) >= 0;
        String message = database
                ? "A concurrent request changed the same data; nothing was stored by this request. Retry it."
                : exception.getMessage();
        if (request != null && request.getHeader(Constants.HEADER_IF_MATCH) != null) {
            return new PreconditionFailedException(message);
        }
        return database ? new ResourceVersionConflictException(message) : null;
    }

    private static boolean isIdempotentWrite(RequestDetails request) {
        if (request.getHeader(Constants.HEADER_IF_MATCH) != null) {
            return false;
        }
        RequestTypeEnum method = request.getRequestType();
        boolean conditionalUrl = request.getId() == null && request.getCompleteUrl().contains("?");
        if (method == RequestTypeEnum.POST) {
            return request.getHeader(Constants.HEADER_IF_NONE_EXIST) != null || request.getResourceName() == null;
        }
        return (method == RequestTypeEnum.PUT || method == RequestTypeEnum.PATCH || method == RequestTypeEnum.DELETE)
                && conditionalUrl;
    }
}
