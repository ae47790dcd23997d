package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * Behind a TLS-terminating gateway with {@code server.forward-headers-strategy: framework}: Spring's forwarded-header
 * filter gives the FHIR servlet the public request, so HAPI's address strategy (without a configured public base
 * URL) builds paging links, fullUrls and {@code implementation.url} on the public address.
 */
class ForwardedAddressTest {

    private static String fhirBaseSeenBehind(MockHttpServletRequest request) throws Exception {
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        new ForwardedHeaderFilter()
                .doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.set((HttpServletRequest) req));
        return new IncomingRequestAddressStrategy().determineServerBase(null, seen.get());
    }

    private static MockHttpServletRequest internal() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient");
        request.setScheme("http");
        request.setServerName("10.0.0.12");
        request.setServerPort(8080);
        request.setServletPath("/fhir");
        request.setPathInfo("/Patient");
        return request;
    }

    @Test
    void linksNameThePublicAddressTheGatewayForwards() throws Exception {
        MockHttpServletRequest request = internal();
        request.addHeader("X-Forwarded-Proto", "https");
        request.addHeader("X-Forwarded-Host", "fhir.hospital.example");
        request.addHeader("X-Forwarded-Prefix", "/oncology");
        assertThat(fhirBaseSeenBehind(request)).isEqualTo("https://fhir.hospital.example/oncology/fhir");
    }

    @Test
    void withoutForwardedHeadersTheAddressIsTheOneCalled() throws Exception {
        assertThat(fhirBaseSeenBehind(internal())).isEqualTo("http://10.0.0.12:8080/fhir");
    }
}
