package org.oncofhir.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Error bodies for refusals made before HAPI or Spring MVC see a request (size filter, Tomcat's own errors), in the
 * shape the rest of the server uses: an OperationOutcome under /fhir, a JSON {@code {error, status, message}} elsewhere.
 */
public final class ErrorBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBodies() {}

    public static boolean isFhir(String uri) {
        return uri != null && uri.startsWith("/fhir");
    }

    public static String contentType(String uri) {
        return (isFhir(uri) ? "application/fhir+json" : "application/json") + ";charset=UTF-8";
    }

    /**
     * @param reason the HTTP reason phrase (non-FHIR shape)
     * @param issueCode the OperationOutcome issue code (FHIR shape)
     */
    public static byte[] body(String uri, int status, String reason, String issueCode, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (isFhir(uri)) {
            Map<String, Object> issue = new LinkedHashMap<>();
            issue.put("severity", "error");
            issue.put("code", issueCode);
            issue.put("diagnostics", message);
            body.put("resourceType", "OperationOutcome");
            body.put("issue", List.of(issue));
        } else {
            body.put("error", reason);
            body.put("status", status);
            body.put("message", message);
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
