package org.oncofhir.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.oncofhir.cds.data.DataAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a {@code POST /cds-services/{id}[/feedback]} through only with a JWT from a trusted CDS client addressed
 * to the endpoint called, and records where that client lets the service read data ({@link DataAccess}).
 * Discovery and CORS preflights stay open, as CDS Hooks allows.
 */
class CdsClientAuthFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(CdsClientAuthFilter.class);

    private final CdsJwtVerifier verifier;
    private final String publicBaseUrl;
    private final boolean allowHttpFhirServers;

    /**
     * @param publicBaseUrl the base URL clients address ({@code aud} = it + /cds-services/{id}); configured, never taken
     *     from the request, whose Host header the caller controls
     */
    CdsClientAuthFilter(CdsJwtVerifier verifier, String publicBaseUrl, boolean allowHttpFhirServers) {
        this.verifier = verifier;
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
        this.allowHttpFhirServers = allowHttpFhirServers;
    }

    /** The decoded path without path parameters, as the dispatcher matches it (the raw URI can be disguised). */
    private static String path(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equalsIgnoreCase(request.getMethod()) || !path(request).startsWith("/cds-services/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        String serviceId = path.substring("/cds-services/".length()).split("/")[0];
        String serviceUrl = publicBaseUrl + "/cds-services/" + serviceId;
        SecurityProperties.CdsClient client;
        try {
            client = verifier.verify(
                    request.getHeader("Authorization"), List.of(serviceUrl, publicBaseUrl + path), serviceId);
        } catch (RuntimeException unexpected) {
            CdsAuthException e = unexpected instanceof CdsAuthException auth
                    ? auth
                    : CdsAuthException.unauthorized("Token could not be verified");
            if (e != unexpected) {
                LOG.warn("CDS token verification failed unexpectedly", unexpected);
            }
            LOG.info("CDS client refused with {}", e.status());
            LOG.debug("CDS client refused: {}", e.getMessage());
            AuthResponses.refuse(request, response, e.status(), e.getMessage(), "Bearer error=\"invalid_token\"");
            return;
        }
        request.setAttribute(
                DataAccess.ATTRIBUTE,
                new DataAccess(client.fhirServers(), false, client.localStore(), allowHttpFhirServers));
        chain.doFilter(request, response);
    }
}
