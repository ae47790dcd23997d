package org.oncofhir.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Predicate;
import org.oncofhir.security.FhirAccessTokenVerifier.AccessToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its Bearer access token before anything reads or parses its body: a request without
 * a valid token is refused with 401 whatever it carries (a malformed or compressed body included). The verified
 * token is left in a request attribute for the FHIR interceptors, which authorize by its scopes.
 */
final class AccessTokenFilter extends OncePerRequestFilter {

    private final FhirAccessTokenVerifier verifier;
    private final Predicate<HttpServletRequest> open;
    private final Predicate<AccessToken> sufficient;
    private final String insufficient;

    /**
     * @param open requests that need no token (they may still send one, which must then verify)
     * @param sufficient whether a verified token may pass this door at all (403 with {@code insufficient} if not)
     */
    AccessTokenFilter(
            FhirAccessTokenVerifier verifier,
            Predicate<HttpServletRequest> open,
            Predicate<AccessToken> sufficient,
            String insufficient) {
        this.verifier = verifier;
        this.open = open;
        this.sufficient = sufficient;
        this.insufficient = insufficient;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AccessToken token;
        try {
            token = verifier.read(request.getHeader("Authorization"));
        } catch (IllegalArgumentException e) {
            AuthResponses.refuse(
                    request,
                    response,
                    401,
                    "Access token refused: " + e.getMessage(),
                    "Bearer error=\"invalid_token\"");
            return;
        }
        if (token == null) {
            if (open.test(request)) {
                chain.doFilter(request, response);
            } else {
                AuthResponses.refuse(request, response, 401, "A Bearer access token is required", "Bearer");
            }
            return;
        }
        if (!sufficient.test(token)) {
            AuthResponses.refuse(request, response, 403, insufficient, null);
            return;
        }
        request.setAttribute(FhirAccessTokenVerifier.VERIFIED, token);
        chain.doFilter(request, response);
    }
}
