package org.oncofhir.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import ca.uhn.fhir.util.UrlUtil;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.oncofhir.security.FhirAccessTokenVerifier.AccessToken;
import org.oncofhir.security.SmartScope.Context;
import org.oncofhir.security.SmartScope.Permission;

/**
 * What searching must not reveal beyond the token's scopes, where HAPI's rules look only at the resources
 * returned. A chained parameter or {@code _has} reaches into other resource types, so it needs read access to
 * each of them (else an Observation-only token maps name and birth date to patient ids); this holds for search
 * parameters and {@code _sort}, for conditional URLs (If-None-Exist, conditional update/patch/delete, and the same
 * in Bundle entries), and for conditional references ({@code "Patient?identifier=..."}) in the resources written.
 * Patient scopes count only where the search is narrowed to the patient's compartment. And a token pages only
 * through searches made with a token of the same patient and scopes (else a paging id reads the size of someone
 * else's search) unless it may read everything.
 */
final class SearchGuard {

    private final FhirAccessTokenVerifier verifier;
    private final FhirContext context;
    private final SearchChains chains;
    private final SearchOwners owners;
    private final Clock clock;

    SearchGuard(FhirAccessTokenVerifier verifier, FhirContext context, SearchOwners owners, Clock clock) {
        this.verifier = verifier;
        this.context = context;
        this.chains = new SearchChains(context);
        this.owners = owners;
        this.clock = clock;
    }

    /** Fires for every request, and for each GET entry of a batch or transaction. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void guard(RequestDetails request) {
        AccessToken token = verifier.read(request);
        if (token == null || request.getRestOperationType() == null) {
            return;
        }
        switch (request.getRestOperationType()) {
            case GET_PAGE -> requireOwnSearch(token, request);
            case CREATE, UPDATE, DELETE, PATCH -> {
                String conditional = request.getConditionalUrl(request.getRestOperationType());
                if (conditional != null) {
                    requireReadable(token, request.getResourceName(), UrlUtil.parseQueryString(query(conditional)));
                }
            }
            case TRANSACTION, BATCH -> {
                if (request.getResource() instanceof Bundle bundle) {
                    bundle.getEntry().forEach(entry -> guard(token, entry));
                }
            }
            default -> {
                if (request.getResourceName() != null && request.getParameters() != null) {
                    requireReadable(token, request.getResourceName(), request.getParameters());
                }
            }
        }
    }

    /** Conditional references in a written resource are searches too, resolved with the server's rights. */
    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -100)
    public void created(IBaseResource resource, RequestDetails request) {
        requireReadableReferences(request, resource);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -100)
    public void updated(IBaseResource previous, IBaseResource updated, RequestDetails request) {
        requireReadableReferences(request, updated);
    }

    /** Tokens whose searches are recorded get searches of their own, never another's cached one. */
    @Hook(Pointcut.STORAGE_PRECHECK_FOR_CACHED_SEARCH)
    public boolean mayReuseCachedSearch(RequestDetails request) {
        AccessToken token = request == null ? null : verifier.read(request);
        return token == null || readsEverything(token);
    }

    @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
    public void searchRegistered(ICachedSearchDetails search, RequestDetails request) {
        AccessToken token = request == null ? null : verifier.read(request);
        if (token != null && !readsEverything(token) && search.getUuid() != null) {
            owners.record(search.getUuid(), token.pagingOwner(), clock.instant());
        }
    }

    private void requireOwnSearch(AccessToken token, RequestDetails request) {
        String[] id = request.getParameters().get(Constants.PARAM_PAGINGACTION);
        if (!readsEverything(token) && (id == null || id.length != 1 || !owners.madeBy(id[0], token.pagingOwner()))) {
            throw new ForbiddenOperationException(
                    "Paging is limited to searches made with a token for the same patient and scopes");
        }
    }

    /** The conditional URLs of a Bundle's write entries (its GET entries pass through {@link #guard} one by one). */
    private void guard(AccessToken token, Bundle.BundleEntryComponent entry) {
        String url = entry.getRequest().getUrl();
        String type = url == null ? null : url.split("[/?]", 2)[0];
        if (type == null || !context.getResourceTypes().contains(type)) {
            return;
        }
        if (url.contains("?") && entry.getRequest().getMethod() != Bundle.HTTPVerb.GET) {
            requireReadable(token, type, UrlUtil.parseQueryString(query(url)));
        }
        if (entry.getRequest().hasIfNoneExist()) {
            requireReadable(
                    token,
                    type,
                    UrlUtil.parseQueryString(query(entry.getRequest().getIfNoneExist())));
        }
    }

    private void requireReadableReferences(RequestDetails request, IBaseResource resource) {
        AccessToken token = request == null ? null : verifier.read(request);
        if (token == null) {
            return;
        }
        for (ResourceReferenceInfo info : context.newTerser().getAllResourceReferences(resource)) {
            String reference = info.getResourceReference().getReferenceElement().getValue();
            int question = reference == null ? -1 : reference.indexOf('?');
            if (question > 0) {
                String type = reference.substring(0, question);
                // The server resolves it over every patient's data: only a token that may read them all may ask.
                if (!token.systemGrant(type, Permission.READ)) {
                    throw new ForbiddenOperationException("The conditional reference '" + reference + "' ("
                            + info.getName() + ") searches " + type + " resources, which no system scope of the "
                            + "access token lets it read");
                }
                requireReadable(token, type, UrlUtil.parseQueryString(reference.substring(question + 1)), false);
            }
        }
    }

    private void requireReadable(AccessToken token, String type, Map<String, String[]> parameters) {
        boolean narrowed = token.confinedPatient(type, Permission.READ) != null;
        requireReadable(token, type, parameters, narrowed);
    }

    private void requireReadable(AccessToken token, String type, Map<String, String[]> parameters, boolean narrowed) {
        Set<String> names = new LinkedHashSet<>(parameters.keySet());
        for (String sort : parameters.getOrDefault(Constants.PARAM_SORT, new String[0])) {
            for (String key : sort.split(",")) {
                names.add(key.trim().replaceFirst("^-", ""));
            }
        }
        for (String name : names) {
            for (String reached : chains.reachedTypes(type, name)) {
                if (!canRead(token, reached, narrowed)) {
                    throw new ForbiddenOperationException("The search parameter '" + name + "' reaches into "
                            + ("*".equals(reached) ? "any resource type" : reached)
                            + " resources, which no scope of the access token lets it read");
                }
            }
        }
    }

    /** System scopes read every instance of their types; patient scopes only where the search is narrowed. */
    private static boolean canRead(AccessToken token, String type, boolean narrowed) {
        return token.systemGrant(type, Permission.READ)
                || narrowed
                        && token.scopes().stream()
                                .anyMatch(s ->
                                        s.context() == Context.PATIENT && s.covers(type) && s.grants(Permission.READ));
    }

    private static boolean readsEverything(AccessToken token) {
        return token.systemGrant("*", Permission.READ);
    }

    private static String query(String url) {
        int question = url.indexOf('?');
        return question < 0 ? url : url.substring(question + 1);
    }
}
