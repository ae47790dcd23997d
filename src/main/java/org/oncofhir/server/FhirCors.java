package org.oncofhir.server;

import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS on the FHIR API, as the CapabilityStatement declares ({@code rest.security.cors}), for browser-based SMART
 * apps. Ahead of the token check: preflights are answered without a token, and a 401 carries the headers a browser
 * needs to show it. Access tokens travel in the Authorization header, never in cookies, so no credentials mode.
 */
@Configuration
public class FhirCors {

    @Bean
    FilterRegistrationBean<CorsFilter> fhirCorsFilter(OncoFhirProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(properties.corsAllowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of(
                "Authorization",
                "Content-Type",
                "Accept",
                "Prefer",
                "If-Match",
                "If-None-Match",
                "If-None-Exist",
                "If-Modified-Since",
                "X-Request-Id"));
        cors.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "Last-Modified", "X-Request-Id"));
        cors.setMaxAge(3600L);
        // Mapped by the registration's URL pattern: a path-pattern source would see only the FHIR servlet's own
        // path ("/Observation"), never "/fhir/...".
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(request -> cors));
        registration.setName("fhirCors");
        registration.addUrlPatterns("/fhir/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
