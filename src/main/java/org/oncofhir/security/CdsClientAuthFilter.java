package org.oncofhir.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a {@code POST /cds-services/{id}[/feedback]} through only with a JWT from a trusted CDS client addressed
 * to the endpoint called. Discovery and CORS preflights stay open, as CDS Hooks allows.
 */
class CdsClientAuthFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(CdsClientAuthFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CdsJwtVerifier verifier;
    private final String publicBaseUrl;

    /** @param publicBaseUrl the base URL clients address (behind a proxy); empty to take it from the request */
    CdsClientAuthFilter(CdsJwtVerifier verifier, String publicBaseUrl) {
        this.verifier = verifier;
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.replaceAll("/+$", "");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/cds-services/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        String[] segments = path.substring("/cds-services/".length()).split("/");
        String serviceId = segments[0];
        String base = publicBaseUrl.isEmpty()
                ? request.getRequestURL().substring(0, request.getRequestURL().length() - path.length())
                : publicBaseUrl;
        String serviceUrl = base + "/cds-services/" + serviceId;
        try {
            verifier.verify(request.getHeader("Authorization"), List.of(serviceUrl, base + path), serviceId);
        } catch (CdsAuthException e) {
            LOG.info("CDS client refused with {}", e.status());
            LOG.debug("CDS client refused: {}", e.getMessage());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.status() == 401 ? "Unauthorized" : "Forbidden");
            body.put("status", e.status());
            body.put("message", e.getMessage());
            response.setStatus(e.status());
            if (e.status() == 401) {
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            }
            response.setContentType("application/json");
            JSON.writeValue(response.getOutputStream(), body);
            return;
        }
        chain.doFilter(request, response);
    }
}
