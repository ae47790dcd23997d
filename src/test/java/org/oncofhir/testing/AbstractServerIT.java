package org.oncofhir.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.oncofhir.OncoFhirApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every integration test that needs the running server. All subclasses share this exact configuration,
 * so Spring's test context cache starts the server once per Failsafe run, on a fresh database ({@link TestDatabase}).
 */
@SpringBootTest(classes = OncoFhirApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles(resolver = TestDatabase.Profiles.class)
public abstract class AbstractServerIT {

    @LocalServerPort
    protected int port;

    @Autowired
    protected FhirContext fhirContext;

    /** Chosen before start-up: CDS token audiences are checked against a configured base URL, never the Host header. */
    private static final int PORT = Ports.free();

    /** Security on, as in production, with the test CDS clients trusted (same values for every subclass: one context). */
    @DynamicPropertySource
    public static void trustedCdsClients(DynamicPropertyRegistry registry) {
        TestSecurity.properties().forEach((name, value) -> registry.add(name, () -> value));
        TestDatabase.freshDatabase().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("server.port", () -> PORT);
        registry.add("oncofhir.security.public-base-url", () -> "http://localhost:" + PORT);
    }

    /** The conformance package is stored in the background after start-up: wait until the server says ready. */
    @BeforeEach
    public void awaitReadiness() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            HttpResponse<String> readiness = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (readiness.statusCode() == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Server not ready after 2 minutes: " + readiness.body());
            }
            Thread.sleep(200);
        }
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    protected String fhirBase() {
        return baseUrl() + "/fhir";
    }

    /** A FHIR client holding a token with full system access. */
    protected IGenericClient client() {
        fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = fhirContext.newRestfulGenericClient(fhirBase());
        client.registerInterceptor(new BearerTokenAuthInterceptor(systemToken()));
        return client;
    }

    /** How many resources a search ("Type?params") finds, counted by the server. */
    protected int total(String search) {
        return client().search()
                .byUrl(search + "&_summary=count")
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }

    /** An access token with SMART scope system/*.cruds from the trusted test authorization server. */
    protected static String systemToken() {
        return TestSecurity.accessToken("system/*.cruds", null);
    }
}
