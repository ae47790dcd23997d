package org.oncofhir.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;

/**
 * Narrows every search, and every conditional URL, made with a token confined to one patient (a patient claim and
 * no system scope to read the type) to that patient's compartment, so that what the authorization rules cannot see
 * (totals, {@code _summary=count}, conditional matches) does not leak other patients. Requests without a
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
        // Per type: a token with a system scope to read this type searches it all; a Bundle (no type) is narrowed
        // unless the token reads every type.
        String type = request.getResourceName() == null ? "*" : request.getResourceName();
        String patient = token == null ? null : token.confinedPatient(type, SmartScope.Permission.READ);
        return patient == null ? null : new AuthorizedList().addCompartment("Patient/" + patient);
    }
}
