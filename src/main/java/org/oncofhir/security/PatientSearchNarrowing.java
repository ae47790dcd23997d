package org.oncofhir.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.List;

/**
 * Narrows every search made with a token confined to one patient to that patient's compartment, so that what the
 * authorization rules cannot see (totals, {@code _summary=count}) does not leak other patients. Requests without a
 * valid token are left to {@link SmartAuthorizationInterceptor}, which refuses them.
 */
final class PatientSearchNarrowing extends SearchNarrowingInterceptor {

    private final FhirAccessTokenVerifier verifier;

    PatientSearchNarrowing(FhirAccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    protected AuthorizedList buildAuthorizedList(RequestDetails request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        JWTClaimsSet claims;
        try {
            claims = verifier.verify(authorization.substring(7).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String patient = SmartAuthorizationInterceptor.patient(claims);
        List<SmartScope> scopes = SmartScope.parse(SmartAuthorizationInterceptor.scope(claims));
        boolean onlyPatientScopes = !scopes.isEmpty() && scopes.stream().allMatch(s -> s.context() == SmartScope.Context.PATIENT);
        return onlyPatientScopes && patient != null ? new AuthorizedList().addCompartment("Patient/" + patient) : null;
    }
}
