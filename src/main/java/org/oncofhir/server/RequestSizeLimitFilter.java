package org.oncofhir.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code oncofhir.max-request-bytes} (default 10 MB) with 413 before any parser sees
 * them: an OperationOutcome under /fhir, a JSON error elsewhere. A declared Content-Length is judged at once; a
 * chunked body (no length) is read up to the limit first, so a body that never ends cannot exhaust memory. A
 * compressed body ({@code Content-Encoding: gzip} or {@code deflate}) is inflated here, streaming and bounded by
 * the same limit (a small body that inflates to gigabytes is a 413, not an exhausted heap), and handed on as plain
 * content. Runs after authentication: nothing reads a body of a request that has not shown a valid token.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private static final String CONTENT_ENCODING = "Content-Encoding";

    private final long maxBytes;

    RequestSizeLimitFilter(OncoFhirProperties properties) {
        this.maxBytes = properties.maxRequestBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(
                    request,
                    response,
                    "Request body of " + declared + " bytes is over the limit of " + maxBytes + " bytes");
            return;
        }
        String encoding = request.getHeader(CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            decoded(request, response, chain, encoding.trim().toLowerCase(Locale.ROOT));
            return;
        }
        // A form-encoded body (a POST _search) is left to Tomcat, which caps it (maxPostSize) and must parse it itself.
        if (declared < 0 && request.getHeader("Transfer-Encoding") != null && !isForm(request)) {
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                refuse(request, response, "Chunked request body is over the limit of " + maxBytes + " bytes");
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void decoded(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String encoding)
            throws IOException, ServletException {
        if (!encoding.equals("gzip") && !encoding.equals("x-gzip") && !encoding.equals("deflate")
                || isForm(request)
                || !takesBody(request)) {
            refuse(
                    request,
                    response,
                    415,
                    "Unsupported Media Type",
                    "not-supported",
                    "Content-Encoding '" + encoding
                            + "' is not accepted"
                            + (isForm(request) || !takesBody(request) ? " here" : ": send gzip, deflate or identity"));
            return;
        }
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
        byte[] compressed = request.getInputStream().readNBytes(limit);
        if (compressed.length > maxBytes) {
            refuse(request, response, "Compressed request body is over the limit of " + maxBytes + " bytes");
            return;
        }
        byte[] body;
        try (InputStream inflating = encoding.equals("deflate")
                ? new InflaterInputStream(new ByteArrayInputStream(compressed))
                : new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            body = inflating.readNBytes(limit);
        } catch (IOException e) {
            refuse(
                    request,
                    response,
                    400,
                    "Bad Request",
                    "invalid",
                    "The body is not valid " + encoding + " content: " + e.getMessage());
            return;
        }
        if (body.length > maxBytes) {
            refuse(request, response, "Request body inflates to more than the limit of " + maxBytes + " bytes");
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    /** Only requests whose body is read (writes to the FHIR API, CDS calls) are worth inflating. */
    private static boolean takesBody(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return Set.of("POST", "PUT", "PATCH").contains(request.getMethod())
                && (path.startsWith("/fhir") || path.startsWith("/cds-services/"));
    }

    private static boolean isForm(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String message)
            throws IOException {
        refuse(request, response, 413, "Payload Too Large", "too-costly", message);
    }

    private static void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String reason,
            String issueCode,
            String message)
            throws IOException {
        response.setStatus(status);
        // The unread rest of the body is not drained: close the connection rather than read it to keep it alive.
        response.setHeader("Connection", "close");
        String uri = request.getRequestURI();
        response.setContentType(ErrorBodies.contentType(uri));
        response.getOutputStream().write(ErrorBodies.body(uri, status, reason, issueCode, message));
    }
}
