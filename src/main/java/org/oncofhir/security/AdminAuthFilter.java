package org.oncofhir.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The administrator endpoints ({@code /admin/**}) need an access token from the FHIR authorization server with
 * system-wide read: {@code system/*.rs} (or v1 {@code system/*.read}) or broader.
 */
class AdminAuthFilter extends OncePerRequestFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirAccessTokenVerifier verifier;

    AdminAuthFilter(FhirAccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            refuse(response, 401, "A Bearer access token is required");
            return;
        }
        JWTClaimsSet claims;
        try {
            claims = verifier.verify(authorization.substring(7).trim());
        } catch (IllegalArgumentException e) {
            refuse(response, 401, "Access token refused: " + e.getMessage());
            return;
        }
        Object scope = claims.getClaim("scope");
        boolean systemRead = SmartScope.parse(scope instanceof String s ? s : null).stream()
                .anyMatch(s -> s.context() == SmartScope.Context.SYSTEM && s.anyType()
                        && s.permissions().contains(SmartScope.Permission.READ));
        if (!systemRead) {
            refuse(response, 403, "Administrator endpoints need the scope system/*.rs");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(),
                Map.of("error", status == 401 ? "Unauthorized" : "Forbidden", "status", status, "message", message));
    }
}
