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
import java.util.List;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Writes that race with another request, on this instance or on another one sharing the database.
 *
 * <p>Conditional creates ({@code If-None-Exist}), updates ({@code PUT} by id or by search, without If-Match),
 * conditional patches, transaction Bundles and the entries of batch Bundles are idempotent by intent: when the
 * database refuses one because a concurrent request stored the same match first (the unique match-URL index), HAPI
 * rolls its transaction back (a batch entry runs in a transaction of its own) and this interceptor has it run again,
 * so the retry finds the winner and answers 200 instead of a spurious 409. Nothing of the refused attempt was
 * stored, so the retry cannot apply anything twice. HAPI asks about every conflict without saying which request
 * part caused it, so only these shapes are retried: never a request with {@code If-Match} (header or Bundle entry),
 * a delete (its conflicts are references, which a retry cannot cure) or a patch by id (it edits the version it read);
 * one such entry keeps its whole Bundle from being retried.
 *
 * <p>A stale {@code If-Match} answers 412 Precondition Failed as FHIR specifies, on delete too (HAPI ignores
 * If-Match there). Conflicts answer with a plain message, never the database's SQL text.
 */
@Component
@Interceptor
public class ConcurrentWriteInterceptor implements FhirRestConfig.FhirServerCustomizer {

    static final int MAX_RETRIES = 3;
    /** HAPI's codes for "the version you hold is not the current one" and for two writers of one version. */
    private static final List<String> STALE_VERSION = List.of("HAPI-0974", "HAPI-0989", "HAPI-0823");

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

    /** HAPI deletes whatever the version: the If-Match check is ours, inside the delete's transaction. */
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void checkIfMatchOnDelete(RequestDetails request, IBaseResource resource) {
        String ifMatch = request == null || request.getRequestType() != RequestTypeEnum.DELETE
                ? null
                : request.getHeader(Constants.HEADER_IF_MATCH);
        if (ifMatch == null) {
            return;
        }
        String current = resource.getIdElement().hasVersionIdPart()
                ? resource.getIdElement().getVersionIdPart()
                : resource.getMeta().getVersionId();
        if (!IfMatch.version(ifMatch).equals(current)) {
            throw new PreconditionFailedException(
                    "If-Match " + ifMatch + " does not match the current version " + current + " of "
                            + resource.getIdElement().toUnqualifiedVersionless().getValue());
        }
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException conflictResponse(RequestDetails request, Throwable exception) {
        if (!(exception instanceof ResourceVersionConflictException)) {
            return null;
        }
        boolean database = ExceptionUtils.indexOfType(exception, DataIntegrityViolationException.class) >= 0;
        String message = database
                ? "A concurrent request changed the same data; nothing was stored by this request. Retry it."
                : exception.getMessage();
        // contains, not startsWith: HAPI re-throws retriable conflicts with its own code (HAPI-0550) in front.
        boolean stale = database
                || STALE_VERSION.stream()
                        .anyMatch(code -> String.valueOf(exception.getMessage()).contains(code));
        if (stale && request != null && request.getHeader(Constants.HEADER_IF_MATCH) != null) {
            return new PreconditionFailedException(message);
        }
        return database ? new ResourceVersionConflictException(message) : null;
    }

    private static boolean isIdempotentWrite(RequestDetails request) {
        if (request.getHeader(Constants.HEADER_IF_MATCH) != null) {
            return false;
        }
        RequestTypeEnum method = request.getRequestType();
        if (method == RequestTypeEnum.POST && request.getResourceName() == null) {
            return request.getResource() instanceof Bundle bundle && isRetryableBundle(bundle);
        }
        if (method == RequestTypeEnum.POST) {
            return request.getHeader(Constants.HEADER_IF_NONE_EXIST) != null;
        }
        boolean conditionalUrl =
                request.getId() == null && request.getCompleteUrl().contains("?");
        // A PUT without If-Match says "this is the resource now": when a racing writer won, the rolled-back attempt
        // stored nothing and its retry stores it once more, last writer wins. A patch by id is not retried: it
        // edits the version it read.
        return method == RequestTypeEnum.PUT || (method == RequestTypeEnum.PATCH && conditionalUrl);
    }

    private static boolean isRetryableBundle(Bundle bundle) {
        return (bundle.getType() == Bundle.BundleType.TRANSACTION || bundle.getType() == Bundle.BundleType.BATCH)
                && bundle.getEntry().stream().noneMatch(e -> {
                    Bundle.BundleEntryRequestComponent request = e.getRequest();
                    boolean patchById = request.getMethod() == Bundle.HTTPVerb.PATCH
                            && !request.getUrl().contains("?");
                    return request.hasIfMatch() || request.getMethod() == Bundle.HTTPVerb.DELETE || patchById;
                });
    }
}
