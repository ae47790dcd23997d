package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oncofhir.OncoFhirApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo profile's first start stores the demo patients, whose cards come from our own store; CDS feedback is
 * still there after a restart on the same database, and the demo data is not loaded twice. Own contexts on purpose.
 */
class CdsRestartIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void demoDataOnFirstStartAndFeedbackSurvivesRestart() throws Exception {
        String url = "jdbc:h2:file:" + dataDir.resolve("oncofhir") + ";WRITE_DELAY=0";
        String card = java.util.UUID.randomUUID().toString();

        try (ConfigurableApplicationContext first = start(url)) {
            String base = "http://127.0.0.1:" + port(first);
            awaitStatus(base + "/fhir/Patient/demo-her2-early", 200);
            HttpResponse<String> cards = post(base + "/cds-services/oncofhir-breast-therapy",
                    "{\"hook\":\"patient-view\",\"hookInstance\":\"restart-1\",\"context\":{\"userId\":\"Practitioner/1\","
                            + "\"patientId\":\"demo-her2-early\"}}");
            assertThat(cards.statusCode()).isEqualTo(200);
            assertThat(CdsHooksIT.rules(new com.fasterxml.jackson.databind.ObjectMapper().readTree(cards.body()).path("cards")))
                    .contains("her2-early-tp");
            HttpResponse<String> feedback = post(base + "/cds-services/oncofhir-breast-therapy/feedback",
                    "{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2026-11-23T09:00:00Z\","
                            + "\"acceptedSuggestions\":[{\"id\":\"s-1\"}]}]}");
            assertThat(feedback.statusCode()).isEqualTo(200);
            HttpResponse<String> edit = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/fhir/Patient/demo-her2-early"))
                    .header("Content-Type", "application/fhir+json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"id\":\"demo-her2-early\","
                            + "\"name\":[{\"family\":\"Moreau-Edited\"}],\"gender\":\"female\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(edit.statusCode()).isEqualTo(200);
        }

        try (ConfigurableApplicationContext second = start(url + ";IFEXISTS=TRUE")) {
            String base = "http://127.0.0.1:" + port(second);
            HttpResponse<String> stored = get(base + "/admin/cds-feedback?service=oncofhir-breast-therapy");
            assertThat(stored.body()).contains(card, "accepted", "s-1");
            awaitStatus(base + "/actuator/health/readiness", 200);
            // Demo data is loaded once: the edit made after the first start is not overwritten.
            assertThat(get(base + "/fhir/Patient/demo-her2-early").body()).contains("Moreau-Edited");
        }
    }

    private static ConfigurableApplicationContext start(String jdbcUrl) {
        return new SpringApplicationBuilder(OncoFhirApplication.class)
                .run("--server.port=0", "--spring.profiles.active=demo", "--spring.datasource.url=" + jdbcUrl);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static void awaitStatus(String url, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (get(url).statusCode() != status) {
            assertThat(System.nanoTime()).as("waiting for " + url).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
