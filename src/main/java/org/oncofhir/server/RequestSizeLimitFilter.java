package org.oncofhir.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code oncofhir.max-request-bytes} (default 10 MB) with 413 before anything reads
 * them: an OperationOutcome under /fhir, a JSON error elsewhere. Judged by Content-Length; a chunked body without
 * one is left to the parsers' own limits.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    RequestSizeLimitFilter(@Value("${oncofhir.max-request-bytes:10485760}") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() <= maxBytes) {
            chain.doFilter(request, response);
            return;
        }
        String message = "Request body of " + request.getContentLengthLong() + " bytes is over the limit of " + maxBytes + " bytes";
        response.setStatus(413);
        // The unread body is not drained: close the connection rather than read megabytes to keep it alive.
        response.setHeader("Connection", "close");
        if (request.getRequestURI().startsWith("/fhir")) {
            response.setContentType("application/fhir+json;charset=UTF-8");
            response.getOutputStream().write(("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                    + "\"code\":\"too-costly\",\"diagnostics\":\"" + message + "\"}]}").getBytes(StandardCharsets.UTF_8));
        } else {
            response.setContentType("application/json;charset=UTF-8");
            response.getOutputStream().write(("{\"error\":\"Payload Too Large\",\"status\":413,\"message\":\"" + message + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }
}
