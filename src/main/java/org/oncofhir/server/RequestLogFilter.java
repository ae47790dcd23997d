package org.oncofhir.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One INFO line per HTTP request: method, route, status and latency. The route is the path with resource ids
 * masked (see {@link RouteMasker}) and without the query string, so no patient identifier reaches the log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestLogFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger("oncofhir.request");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long micros = (System.nanoTime() - start) / 1_000;
            LOG.info(
                    "{} {} {} {}.{} ms",
                    request.getMethod(),
                    RouteMasker.mask(request.getRequestURI()),
                    response.getStatus(),
                    micros / 1000,
                    String.format("%03d", micros % 1000));
        }
    }
}
