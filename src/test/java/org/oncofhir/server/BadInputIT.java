package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.AbstractServerIT;
import org.oncofhir.security.TestSecurity;
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

    static Stream<String> corpus() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(corpusDir())) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".http")).sorted().toList().stream();
        }
    }

    private static Path corpusDir() throws URISyntaxException {
        return Path.of(BadInputIT.class.getResource("/bad-input").toURI());
    }

    @Test
    void corpusCoversAtLeastThirtyRequests() throws Exception {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedClearlyStoringNothing(String file) throws Exception {
        BadRequest bad = BadRequest.read(corpusDir().resolve(file));
        long resourcesBefore = count("HFJ_RESOURCE");
        long feedbackBefore = count("oncofhir_cds_feedback");

        HttpResponse<String> response = HTTP.send(request(bad), HttpResponse.BodyHandlers.ofString());

        String reason = file + ": " + bad.description;
        assertThat(response.statusCode()).as(reason + "\n" + response.body()).isEqualTo(bad.status);
        assertThat(message(bad.path, response.body())).as(reason + "\n" + response.body())
                .isNotBlank()
                .containsIgnoringCase(bad.message);
        assertThat(response.body()).as("no stack trace leaks").doesNotContain("\tat ", ".java:");
        assertThat(count("HFJ_RESOURCE")).as(reason + ": nothing stored").isEqualTo(resourcesBefore);
        assertThat(count("oncofhir_cds_feedback")).as(reason + ": no feedback stored").isEqualTo(feedbackBefore);
        HttpResponse<String> metadata = HTTP.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/metadata")).build(),
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + bad.path))
                .header("Accept", bad.path.startsWith("/fhir") ? "application/fhir+json" : "application/json");
        bad.headers.forEach(request::header);
        if (bad.path.startsWith("/cds-services/")) {
            String service = bad.path.replaceFirst("/feedback$", "");
            request.header("Authorization", "Bearer " + TestSecurity.token(baseUrl() + service));
        } else {
            request.header("Authorization", "Bearer " + systemToken());
        }
        HttpRequest.BodyPublisher body;
        if (bad.body == null) {
            body = HttpRequest.BodyPublishers.noBody();
        } else if (bad.chunked) {
            // Unknown length: the client sends the body chunked, without Content-Length.
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bad.body));
        } else {
            body = HttpRequest.BodyPublishers.ofByteArray(bad.body);
        }
        return request.method(bad.method, body).build();
    }

    /** One corpus file: directives, request line, headers, raw body. */
    private record BadRequest(String description, int status, String message, String method, String path,
            Map<String, String> headers, byte[] body, boolean chunked) {

        static BadRequest read(Path file) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int split = indexOf(bytes, "\n\n".getBytes(StandardCharsets.US_ASCII));
            String head = new String(bytes, 0, split < 0 ? bytes.length : split, StandardCharsets.UTF_8);
            byte[] body = split < 0 ? null : Arrays.copyOfRange(bytes, split + 2, bytes.length);

            Map<String, String> directives = new LinkedHashMap<>();
            StringBuilder description = new StringBuilder();
            String requestLine = null;
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : head.split("\n")) {
                if (line.startsWith("# ")) {
                    String text = line.substring(2);
                    int colon = text.indexOf(": ");
                    String key = colon < 0 ? "" : text.substring(0, colon);
                    if (List.of("expect", "message", "body-size", "transfer").contains(key)) {
                        directives.put(key, text.substring(colon + 2).trim());
                    } else {
                        description.append(text);
                    }
                } else if (requestLine == null) {
                    requestLine = line;
                } else {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            if (directives.containsKey("body-size")) {
                body = pad(body, Integer.parseInt(directives.get("body-size")));
            }
            String[] methodAndPath = requestLine.split(" ", 2);
            return new BadRequest(description.toString(), Integer.parseInt(directives.get("expect")),
                    directives.getOrDefault("message", "").toLowerCase(Locale.ROOT), methodAndPath[0], methodAndPath[1],
                    headers, body, "chunked".equals(directives.get("transfer")));
        }

        /** Replaces the @PAD@ marker with as many 'x' as make the body {@code size} bytes. */
        private static byte[] pad(byte[] template, int size) {
            String text = new String(template, StandardCharsets.UTF_8);
            int filler = size - (template.length - "@PAD@".length());
            return text.replace("@PAD@", "x".repeat(filler)).getBytes(StandardCharsets.UTF_8);
        }

        private static int indexOf(byte[] bytes, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
