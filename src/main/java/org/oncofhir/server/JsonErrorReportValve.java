package org.oncofhir.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Errors Tomcat answers itself, before any servlet runs (a URL with an encoded '/' or '\', or '..' climbing above
 * the root), as JSON like every other error of this server: an OperationOutcome under /fhir, a JSON object
 * elsewhere. Tomcat's own report is an HTML page.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String message = "HTTP " + status + ": the request was refused before reaching the server's API"
                + (status == 400 ? " (the URL is malformed: encoded '/' or '\\', '..' above the root, or an illegal"
                        + " character)" : "");
        // The raw URI: a URI Tomcat refused to decode has no decoded form.
        String uri = request.getRequestURI();
        boolean fhir = uri != null && uri.startsWith("/fhir");
        Map<String, Object> body = new LinkedHashMap<>();
        if (fhir) {
            body.put("resourceType", "OperationOutcome");
            body.put("issue", List.of(Map.of("severity", "error", "code", "invalid", "diagnostics", message)));
        } else {
            body.put("error", reason(status));
            body.put("status", status);
            body.put("message", message);
        }
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            response.setContentType(fhir ? "application/fhir+json" : "application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getOutputStream().write(bytes);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client went away or the response was already committed: nothing more can be sent.
            response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, e);
        }
    }

    private static String reason(int status) {
        return status == 400 ? "Bad Request" : status == 404 ? "Not Found" : "HTTP " + status;
    }
}
