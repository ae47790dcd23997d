package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.AbstractServerIT;

/** Bad requests get a 4xx with an OperationOutcome body, and the server keeps serving. */
class BadInputIT extends AbstractServerIT {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("malformed JSON", "POST", "/Observation", FHIR_JSON, "{\"resourceType\": \"Observation\", ", 400),
                Arguments.of("not JSON at all", "POST", "/Patient", FHIR_JSON, "this is not json", 400),
                Arguments.of("JSON of the wrong resource type", "POST", "/Patient", FHIR_JSON,
                        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}", 400),
                Arguments.of("unknown resource type", "GET", "/Tumour/1", null, null, 404),
                Arguments.of("unknown resource type on create", "POST", "/Tumour", FHIR_JSON, "{\"resourceType\":\"Tumour\"}", 404),
                Arguments.of("wrong Content-Type", "POST", "/Patient", "text/plain", "{\"resourceType\":\"Patient\"}", 415),
                Arguments.of("invalid id characters", "GET", "/Patient/bad%20id!", null, null, 400),
                Arguments.of("id longer than 64 characters", "GET", "/Patient/" + "a".repeat(65), null, null, 400),
                Arguments.of("unknown id", "GET", "/Patient/no-such-patient", null, null, 404),
                Arguments.of("invalid search parameter value", "GET", "/Observation?date=not-a-date", null, null, 400),
                Arguments.of("XML with an external entity (XXE)", "POST", "/Patient", "application/fhir+xml",
                        "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                                + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&xxe;\"/></name></Patient>", 400),
                Arguments.of("XML entity expansion (billion laughs)", "POST", "/Patient", "application/fhir+xml",
                        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                                + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&lol3;\"/></name></Patient>", 400),
                Arguments.of("body over 10 MB", "POST", "/Patient", FHIR_JSON,
                        "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}]}", 413));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void answersWithOperationOutcome(
            String reason, String method, String path, String contentType, String body, int expectedStatus)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fhirBase() + path))
                .header("Accept", FHIR_JSON)
                .header("Authorization", "Bearer " + systemToken())
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }

        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(reason).isEqualTo(expectedStatus);
        IBaseResource parsed = fhirContext.newJsonParser().parseResource(response.body());
        assertThat(parsed).as(reason).isInstanceOf(OperationOutcome.class);
        OperationOutcome outcome = (OperationOutcome) parsed;
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).as(reason).isNotBlank();
        assertThat(response.body()).as("no stack trace leaks").doesNotContain("\tat ", ".java:");

        HttpResponse<String> metadata = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/metadata")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.statusCode()).isEqualTo(200);
    }
}
