package org.oncofhir.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
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

    /**
     * A request whose body was already read (within the limit, and inflated when it came compressed) and is served
     * again from memory, as plain content.
     */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public String getHeader(String name) {
            if (CONTENT_ENCODING.equalsIgnoreCase(name)) {
                return null;
            }
            return "Content-Length".equalsIgnoreCase(name) ? Integer.toString(body.length) : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = getHeader(name);
            return CONTENT_ENCODING.equalsIgnoreCase(name) || "Content-Length".equalsIgnoreCase(name)
                    ? Collections.enumeration(value == null ? List.of() : List.of(value))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(n -> !CONTENT_ENCODING.equalsIgnoreCase(n))
                    .toList());
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body is already in memory");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset()));
        }

        /** The declared charset; UTF-8 (FHIR's) when none or an unknown one is declared. */
        private Charset charset() {
            String encoding = getCharacterEncoding();
            try {
                return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8;
            }
        }
    }
}
