package org.oncofhir.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.oncofhir.server.ErrorBodies;

/**
 * What the security filters share: reading a Bearer token from a header, and refusing in the server's error shape
 * (an OperationOutcome under /fhir, a JSON {@code {error, status, message}} elsewhere).
 */
final class AuthResponses {

    private AuthResponses() {}

    /** The token of an {@code Authorization: Bearer <token>} header; null for a missing header or another scheme. */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /** 401 or 403; a 401 carries the Bearer challenge given. */
    static void refuse(
            HttpServletRequest request, HttpServletResponse response, int status, String message, String challenge)
            throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        String uri = request.getRequestURI();
        response.setContentType(ErrorBodies.contentType(uri));
        response.getOutputStream()
                .write(ErrorBodies.body(
                        uri,
                        status,
                        status == 401 ? "Unauthorized" : "Forbidden",
                        status == 401 ? "login" : "forbidden",
                        message));
    }
}
