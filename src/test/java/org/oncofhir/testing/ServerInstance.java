package org.oncofhir.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.oncofhir.OncoFhirApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A server started by a test itself (restarts, several instances on one database), in this JVM on a free port.
 * Arguments are passed as a command line: builder properties would be defaults that application.yaml overrides.
 */
public final class ServerInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;

    private ServerInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static ServerInstance start(List<String> args) {
        List<String> commandLine = new ArrayList<>(args);
        commandLine.add("--server.port=0");
        return new ServerInstance(
                new SpringApplicationBuilder(OncoFhirApplication.class).run(commandLine.toArray(String[]::new)));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Polls until the path answers with the status (e.g. readiness 200 once the conformance package is stored). */
    public void awaitStatus(String path, int status) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (get(path, null).statusCode() != status) {
            assertThat(System.nanoTime())
                    .as("waiting for " + path + " to answer " + status)
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    public HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        return send(request(path, bearer).GET());
    }

    public HttpResponse<String> post(String path, String contentType, String body, String bearer)
            throws IOException, InterruptedException {
        return send(request(path, bearer)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> put(String path, String contentType, String body, String bearer)
            throws IOException, InterruptedException {
        return send(request(path, bearer)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A FHIR client; with a bearer token when one is given. */
    public IGenericClient fhirClient(String bearer) {
        FhirContext fhir = context.getBean(FhirContext.class);
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = fhir.newRestfulGenericClient(baseUrl() + "/fhir");
        if (bearer != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(bearer));
        }
        return client;
    }

    @Override
    public void close() {
        context.close();
    }

    public HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        return bearer == null ? builder : builder.header("Authorization", "Bearer " + bearer);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
