package org.oncofhir.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the security filters share: reading a Bearer token from a header, and refusing with a JSON reason. */
final class AuthResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuthResponses() {}

    /** The token of an {@code Authorization: Bearer <token>} header; null for a missing header or another scheme. */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /** 401 or 403 as JSON {error, status, message}; a 401 carries the Bearer challenge given. */
    static void refuse(HttpServletResponse response, int status, String message, String challenge) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", status == 401 ? "Unauthorized" : "Forbidden");
        body.put("status", status);
        body.put("message", message);
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
