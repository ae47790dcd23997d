package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oncofhir.OncoFhirApplication;
import org.oncofhir.testing.TestResources;

/**
 * The server runs in a child JVM that is killed with SIGKILL while four clients are ingesting Observations. After a
 * restart on the same H2 file, every Observation that was acknowledged with 201 is readable, and the store agrees
 * with itself: the patient's search finds every acknowledged Observation and every Observation it finds is readable.
 */
@Tag("h2-file")
class CrashDurabilityIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FHIR_JSON = "application/fhir+json";
    private static final int WRITERS = 4;
    /** Acknowledged creates after which the server is killed: enough to be mid-stream, with writes in flight. */
    private static final int KILL_AFTER = 120;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port + "/fhir";
        Process first = startChild(port, "first");
        String patient;
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        try {
            awaitReady(first, port);
            patient = idOf(send(post(
                    base + "/Patient",
                    FhirContext.forR4Cached().newJsonParser().encodeResourceToString(TestResources.patient("Crash")))));

            AtomicInteger sequence = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                writers.submit(() -> ingestUntilRefused(base, patient, sequence, acknowledged));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (acknowledged.size() < KILL_AFTER && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // destroyForcibly is SIGKILL on Linux: no shutdown hooks, no connection pool close, no H2 close.
            first.destroyForcibly().waitFor();
            writers.shutdown();
            assertThat(first.isAlive()).as("killed").isFalse();
            assertThat(writers.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        } finally {
            first.destroyForcibly();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER);

        Process second = startChild(port, "second");
        try {
            awaitReady(second, port);
            for (String id : acknowledged) {
                assertThat(send(get(base + "/Observation/" + id)).statusCode())
                        .as("Observation/" + id)
                        .isEqualTo(200);
            }
            Set<String> found = searchAll(base + "/Observation?subject=Patient/" + patient + "&_count=200");
            assertThat(found)
                    .as("the search finds every acknowledged Observation")
                    .containsAll(acknowledged);
            for (String id : found) {
                assertThat(send(get(base + "/Observation/" + id)).statusCode())
                        .as("search hit " + id)
                        .isEqualTo(200);
            }
        } finally {
            second.destroy();
            if (!second.waitFor(1, TimeUnit.MINUTES)) {
                second.destroyForcibly();
            }
        }
    }

    /** Creates Observations until the server stops answering; records the ids acknowledged with 201. */
    private static void ingestUntilRefused(
            String base, String patient, AtomicInteger sequence, ConcurrentLinkedQueue<String> acknowledged) {
        FhirContext fhir = FhirContext.forR4Cached();
        while (true) {
            String body = fhir.newJsonParser()
                    .encodeResourceToString(TestResources.her2Ihc(
                            new IdType("Patient", patient), "urn:test:crash", "obs-" + sequence.incrementAndGet()));
            try {
                HttpResponse<String> response = send(post(base + "/Observation", body));
                if (response.statusCode() != 201) {
                    return;
                }
                acknowledged.add(idOf(response));
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process startChild(int port, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx768m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                OncoFhirApplication.class.getName(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--oncofhir.security.enabled=false",
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("oncofhir") + ";WRITE_DELAY=0"));
        File log = new File("target/crash-durability-" + name + ".log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }

    private static void awaitReady(Process child, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        while (true) {
            assertThat(child.isAlive())
                    .as("child server alive (see target/crash-durability-*.log)")
                    .isTrue();
            try {
                if (HTTP.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // The port opens late in start-up.
            }
            assertThat(System.nanoTime()).as("child ready within 3 minutes").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static Set<String> searchAll(String url) throws Exception {
        Set<String> ids = new HashSet<>();
        String next = url;
        while (next != null) {
            JsonNode page = JSON.readTree(send(get(next)).body());
            page.path("entry")
                    .forEach(e -> ids.add(e.path("resource").path("id").asText()));
            next = null;
            for (JsonNode link : page.path("link")) {
                if ("next".equals(link.path("relation").asText())) {
                    next = link.path("url").asText();
                }
            }
        }
        return ids;
    }

    private static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", FHIR_JSON)
                .build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String idOf(HttpResponse<String> created) {
        String location = created.headers().firstValue("Location").orElseThrow();
        return new IdType(location).getIdPart();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
