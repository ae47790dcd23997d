package org.oncofhir.server;

import java.io.IOException;
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

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String message = "HTTP " + status + ": the request was refused before reaching the server's API"
                + (status == 400
                        ? " (the URL is malformed: encoded '/' or '\\', '..' above the root, or an illegal"
                                + " character)"
                        : "");
        // The raw URI: a URI Tomcat refused to decode has no decoded form.
        String uri = request.getRequestURI();
        try {
            byte[] bytes = ErrorBodies.body(uri, status, reason(status), "invalid", message);
            response.setContentType(ErrorBodies.contentType(uri));
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
