package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.testing.AbstractServerIT;
import org.oncofhir.testing.BadRequest;
import org.oncofhir.testing.TestSecurity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replays the bad-input corpus ({@code src/test/resources/bad-input/*.http}, format in its README): every request
 * gets its 4xx with a clear message in the API's error format, stores nothing, and the server keeps serving.
 */
class BadInputIT extends AbstractServerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private JdbcTemplate jdbc;

    static Stream<String> corpus() {
        return BadRequest.corpus().stream();
    }

    @Test
    void corpusCoversAtLeastThirtyRequests() throws Exception {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedClearlyStoringNothing(String file) throws Exception {
        BadRequest bad = BadRequest.read(file);
        long resourcesBefore = count("HFJ_RESOURCE");
        long feedbackBefore = count("oncofhir_cds_feedback");

        HttpResponse<String> response = HTTP.send(request(bad), HttpResponse.BodyHandlers.ofString());

        String reason = file + ": " + bad.description();
        assertThat(response.statusCode()).as(reason + "\n" + response.body()).isEqualTo(bad.status());
        assertThat(message(bad.path(), response.body()))
                .as(reason + "\n" + response.body())
                .isNotBlank()
                .containsIgnoringCase(bad.message());
        assertThat(response.body()).as("no stack trace leaks").doesNotContain("\tat ", ".java:");
        assertThat(count("HFJ_RESOURCE")).as(reason + ": nothing stored").isEqualTo(resourcesBefore);
        assertThat(count("oncofhir_cds_feedback"))
                .as(reason + ": no feedback stored")
                .isEqualTo(feedbackBefore);
        HttpResponse<String> metadata = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/metadata")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.statusCode()).as("still serving after " + reason).isEqualTo(200);
    }

    /** The error text: an OperationOutcome's diagnostics under /fhir, the JSON error's message elsewhere. */
    private String message(String path, String body) throws IOException {
        if (path.startsWith("/fhir")) {
            OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, body);
            return outcome.getIssueFirstRep().getDiagnostics();
        }
        JsonNode error = JSON.readTree(body);
        return error.path("message").asText();
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private HttpRequest request(BadRequest bad) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + bad.path()))
                .header("Accept", bad.path().startsWith("/fhir") ? "application/fhir+json" : "application/json");
        bad.headers().forEach(request::header);
        if (bad.path().startsWith("/cds-services/")) {
            String service = bad.path().replaceFirst("/feedback$", "");
            request.header("Authorization", "Bearer " + TestSecurity.token(baseUrl() + service));
        } else {
            request.header("Authorization", "Bearer " + systemToken());
        }
        HttpRequest.BodyPublisher body;
        if (bad.body() == null) {
            body = HttpRequest.BodyPublishers.noBody();
        } else if (bad.chunked()) {
            // Unknown length: the client sends the body chunked, without Content-Length.
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bad.body()));
        } else {
            body = HttpRequest.BodyPublishers.ofByteArray(bad.body());
        }
        return request.method(bad.method(), body).build();
    }
}
