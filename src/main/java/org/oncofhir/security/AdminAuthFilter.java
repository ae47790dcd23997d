package org.oncofhir.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The administrator endpoints ({@code /admin/**}) need an access token from the FHIR authorization server with
 * system-wide read: {@code system/*.rs} (or v1 {@code system/*.read}) or broader.
 */
class AdminAuthFilter extends OncePerRequestFilter {

    private final FhirAccessTokenVerifier verifier;

    AdminAuthFilter(FhirAccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        FhirAccessTokenVerifier.AccessToken token;
        try {
            token = verifier.read(request.getHeader("Authorization"));
        } catch (IllegalArgumentException e) {
            AuthResponses.refuse(response, 401, "Access token refused: " + e.getMessage(), "Bearer error=\"invalid_token\"");
            return;
        }
        if (token == null) {
            AuthResponses.refuse(response, 401, "A Bearer access token is required", "Bearer");
            return;
        }
        boolean systemRead = token.scopes().stream().anyMatch(s -> s.context() == SmartScope.Context.SYSTEM && s.anyType()
                && s.permissions().contains(SmartScope.Permission.READ));
        if (!systemRead) {
            AuthResponses.refuse(response, 403, "Administrator endpoints need the scope system/*.rs", null);
            return;
        }
        chain.doFilter(request, response);
    }
}
