package org.oncofhir.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;

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
        FhirAccessTokenVerifier.AccessToken token;
        try {
            token = verifier.read(request);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return token != null && token.onlyPatientScopes() && token.patient() != null
                ? new AuthorizedList().addCompartment("Patient/" + token.patient())
                : null;
    }
}
