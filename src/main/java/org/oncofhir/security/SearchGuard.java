package org.oncofhir.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import org.oncofhir.security.FhirAccessTokenVerifier.AccessToken;
import org.oncofhir.security.SmartScope.Context;
import org.oncofhir.security.SmartScope.Permission;

/**
 * What searching must not reveal beyond the token's scopes, where HAPI's rules look only at the resources returned:
 * a chained parameter or {@code _has} reaches into another resource type, so it needs read access to that type
 * (else an Observation-only token maps name and birth date to patient ids); and a patient-scoped token pages only
 * through searches made for its own patient (else a paging id reads the size of someone else's search).
 */
final class SearchGuard {

    private final FhirAccessTokenVerifier verifier;
    private final FhirContext context;
    private final SearchOwners owners;
    private final Clock clock;

    SearchGuard(FhirAccessTokenVerifier verifier, FhirContext context, SearchOwners owners, Clock clock) {
        this.verifier = verifier;
        this.context = context;
        this.owners = owners;
        this.clock = clock;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void guard(RequestDetails request) {
        AccessToken token = verifier.read(request);
        if (token == null) {
            return;
        }
        if (request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE) {
            String patient = pagingPatient(token);
            String[] id = request.getParameters().get(Constants.PARAM_PAGINGACTION);
            if (patient != null && (id == null || id.length != 1 || !owners.madeFor(id[0], patient))) {
                throw new ForbiddenOperationException("A token for Patient/" + patient
                        + " may page only through searches made with a token for that patient");
            }
        } else if (request.getResourceName() != null && request.getParameters() != null) {
            for (String name : request.getParameters().keySet()) {
                for (String type : reachedTypes(request.getResourceName(), name)) {
                    if (!canRead(token, type)) {
                        throw new ForbiddenOperationException("The search parameter '" + name + "' reaches into "
                                + ("*".equals(type) ? "any resource type" : type)
                                + " resources, which no scope of the access token lets it read");
                    }
                }
            }
        }
    }

    /** A patient token's searches are always its own (never another's cached search), so they can be recorded. */
    @Hook(Pointcut.STORAGE_PRECHECK_FOR_CACHED_SEARCH)
    public boolean mayReuseCachedSearch(RequestDetails request) {
        AccessToken token = request == null ? null : verifier.read(request);
        return token == null || pagingPatient(token) == null;
    }

    @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
    public void searchRegistered(ICachedSearchDetails search, RequestDetails request) {
        AccessToken token = request == null ? null : verifier.read(request);
        String patient = token == null ? null : pagingPatient(token);
        // Synchronous searches (conditional-URL matches among them) have no id and no pages.
        if (patient != null && search.getUuid() != null) {
            owners.record(search.getUuid(), patient, clock.instant());
        }
    }

    /** The patient a token's searches are narrowed to; null when it reads beyond one patient. */
    private static String pagingPatient(AccessToken token) {
        return token.onlyPatientScopes() ? token.patient() : null;
    }

    /**
     * The resource types a search parameter reads besides the searched type: each hop of a chain
     * ({@code subject:Patient.name}, {@code subject.organization.name}) and of a reverse chain
     * ({@code _has:Observation:patient:code}); {@code *} where a hop may reach any type.
     */
    Set<String> reachedTypes(String type, String name) {
        Set<String> reached = new LinkedHashSet<>();
        if (name.startsWith(Constants.PARAM_HAS + ":")) {
            String[] parts = name.split(":", 4);
            if (parts.length == 4) {
                reached.add(parts[1]);
                if (context.getResourceTypes().contains(parts[1])) {
                    reached.addAll(reachedTypes(parts[1], parts[3]));
                }
            }
            return reached;
        }
        int dot = name.indexOf('.');
        if (dot < 0) {
            return reached;
        }
        String head = name.substring(0, dot);
        int colon = head.indexOf(':');
        Set<String> hop = new LinkedHashSet<>();
        if (colon >= 0) {
            hop.add(head.substring(colon + 1));
        } else {
            RuntimeSearchParam param = context.getResourceTypes().contains(type)
                    ? context.getResourceDefinition(type).getSearchParam(head) : null;
            if (param == null || param.getTargets().isEmpty()) {
                hop.add("*");
            } else {
                hop.addAll(param.getTargets());
            }
        }
        reached.addAll(hop);
        for (String next : hop) {
            if (context.getResourceTypes().contains(next)) {
                reached.addAll(reachedTypes(next, name.substring(dot + 1)));
            }
        }
        return reached;
    }

    private static boolean canRead(AccessToken token, String type) {
        return token.scopes().stream().anyMatch(s -> s.context() != Context.USER
                && (s.anyType() || s.resourceType().equals(type))
                && (s.permissions().contains(Permission.READ) || s.permissions().contains(Permission.SEARCH)));
    }
}
