package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.Cluster;
import org.oncofhir.testing.TestDatabase;
import org.oncofhir.testing.TestResources;
import org.oncofhir.testing.TestSecurity;

/**
 * Two server processes on one PostgreSQL database behind HAProxy, started by the operator script. Five clients send
 * validated creates, transaction Bundles, searches and CDS calls through the balancer; one node is killed with
 * SIGKILL mid-load. Clients resend only requests that got no answer from a node (connection lost, or the balancer's
 * 502/503/504); every write is conditional on its identifier, so a resent write whose first attempt was stored
 * after all finds it instead of storing it twice. Afterwards every acknowledged write reads back through the
 * survivor, no identifier is stored twice, a CDS token used before the kill is refused after it, and the killed node
 * restarts and takes requests again. The recovery time (kill to the last request without an answer) is printed.
 */
@Tag("postgres")
class ClusterIT {

    private static final String PUBLIC_URL = "https://oncofhir.example.org";
    private static final String THERAPY = "/cds-services/oncofhir-breast-therapy";
    private static final String FHIR_JSON = "application/fhir+json";
    private static final String SYSTEM = "urn:test:cluster";
    private static final int CLIENTS = 5;
    private static final Duration BEFORE_KILL = Duration.ofSeconds(25);
    private static final Duration AFTER_KILL = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final FhirContext fhir = FhirContext.forR4Cached();
    private final String token = TestSecurity.accessToken("system/*.cruds", null);
    /** Identifier value → the id the cluster acknowledged for it. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<Long> unanswered = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
    private final Set<String> nodesSeen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger operations = new AtomicInteger();

    @Test
    void aNodeKilledUnderLoadLosesNoAcknowledgedWriteAndRejoins() throws Exception {
        List<String> args = new ArrayList<>();
        TestSecurity.properties().forEach((name, value) -> args.add("--" + name + "=" + value));
        args.add("--oncofhir.security.public-base-url=" + PUBLIC_URL);
        Path directory = Path.of("target", "cluster-it").toAbsolutePath();
        try (Cluster cluster = Cluster.start(directory, TestDatabase.freshPostgresDatabase(), args)) {
            String base = cluster.balancerUrl();
            List<String> patients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                patients.add(idOf(send(post(
                        base + "/fhir/Patient",
                        fhir.newJsonParser().encodeResourceToString(TestResources.patient("Cluster" + c))))));
            }
            String usedBeforeKill = cdsToken();
            assertThat(send(cds(base, patients.get(0), usedBeforeKill)).statusCode())
                    .isEqualTo(200);

            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long killedAt;
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    running.add(clients.submit(() -> {
                        work(base, client, patients.get(client), stop);
                        return null;
                    }));
                }
                Thread.sleep(BEFORE_KILL.toMillis());
                assertThat(nodesSeen).as("both nodes answer before the kill").contains("node1", "node2");
                killedAt = System.nanoTime();
                cluster.kill(1);
                Thread.sleep(AFTER_KILL.toMillis());
                stop.set(true);
                for (Future<?> client : running) {
                    client.get(2, TimeUnit.MINUTES);
                }
            } finally {
                stop.set(true);
                clients.shutdownNow();
            }

            long lastUnanswered =
                    unanswered.stream().mapToLong(Long::longValue).max().orElse(killedAt);
            System.out.printf(
                    "ClusterIT: %d operations, %d acknowledged writes, %d requests without an answer resent;"
                            + " recovery (SIGKILL to the last request without an answer) %d ms%n",
                    operations.get(),
                    acknowledged.size(),
                    unanswered.size(),
                    Math.max(0, (lastUnanswered - killedAt) / 1_000_000));
            assertThat(refused).as("every answered request succeeded").isEmpty();

            for (Map.Entry<String, String> write : acknowledged.entrySet()) {
                assertThat(send(get(base + "/fhir/Observation/" + write.getValue()))
                                .statusCode())
                        .as("acknowledged Observation " + write.getKey() + " reads back through the survivor")
                        .isEqualTo(200);
            }
            assertThat(storedIdentifiers(base))
                    .as("every identifier stored once, whatever was resent")
                    .containsExactlyInAnyOrderElementsOf(acknowledged.keySet());

            HttpResponse<String> replay = send(cds(base, patients.get(0), usedBeforeKill));
            assertThat(replay.statusCode())
                    .as("a CDS token used before the kill stays used (the replay table is shared)")
                    .isEqualTo(401);

            cluster.restart(1);
            assertThat(send(get(cluster.nodeUrl(1) + "/fhir/Observation/"
                                    + acknowledged.values().iterator().next()))
                            .statusCode())
                    .as("the restarted node reads what the survivor stored")
                    .isEqualTo(200);
            assertThat(answeredByRestartedNode(base))
                    .as("the balancer sends requests to node1 again")
                    .isTrue();
        }
    }

    /** Creates, Bundles, searches and CDS calls in turn until stopped. */
    private void work(String base, int client, String patient, AtomicBoolean stop) throws Exception {
        for (int i = 0; !stop.get(); i++) {
            String key = client + "-" + i;
            switch (i % 4) {
                case 0 -> {
                    HttpResponse<String> created =
                            resend(() -> post(base + "/fhir/Observation", observation(patient, key))
                                    .header("If-None-Exist", "identifier=" + SYSTEM + "|" + key));
                    acknowledged.put(key, idOf(created));
                }
                case 1 -> {
                    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                    for (int e = 0; e < 5; e++) {
                        String entryKey = key + "-" + e;
                        Observation observation =
                                TestResources.her2Ihc(new IdType("Patient", patient), SYSTEM, entryKey);
                        bundle.addEntry()
                                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                                .setResource(observation)
                                .getRequest()
                                .setMethod(Bundle.HTTPVerb.POST)
                                .setUrl("Observation")
                                .setIfNoneExist("identifier=" + SYSTEM + "|" + entryKey);
                    }
                    HttpResponse<String> answer = resend(
                            () -> post(base + "/fhir", fhir.newJsonParser().encodeResourceToString(bundle)));
                    Bundle response = fhir.newJsonParser().parseResource(Bundle.class, answer.body());
                    for (int e = 0; e < 5; e++) {
                        acknowledged.put(
                                key + "-" + e,
                                new IdType(response.getEntry()
                                                .get(e)
                                                .getResponse()
                                                .getLocation())
                                        .getIdPart());
                    }
                }
                case 2 -> resend(() -> get(base + "/fhir/Observation?subject=Patient/" + patient + "&_count=20"));
                default -> resend(() -> cds(base, patient, cdsToken()));
            }
            operations.incrementAndGet();
        }
    }

    /**
     * Sends until a node answers: a lost connection or the balancer's own 502/503/504 means no node answered, and the
     * request is sent again. Any other answer is final; one that is not a success is recorded as refused.
     */
    private HttpResponse<String> resend(RequestFactory request) throws Exception {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = null;
            try {
                response = send(request.build());
            } catch (IOException noAnswer) {
                // Counted below like the balancer's own error.
            }
            if (response != null && !fromBalancer(response)) {
                response.headers().firstValue("X-OncoFHIR-Node").ifPresent(nodesSeen::add);
                if (response.statusCode() >= 300) {
                    refused.add(response.statusCode() + " " + response.body());
                }
                return response;
            }
            unanswered.add(System.nanoTime());
            assertThat(attempt).as("a node answers within 50 attempts").isLessThan(50);
            Thread.sleep(200);
        }
    }

    /** HAProxy's own error pages carry no node header: the request got no answer from a node. */
    private static boolean fromBalancer(HttpResponse<String> response) {
        return response.headers().firstValue("X-OncoFHIR-Node").isEmpty()
                && List.of(502, 503, 504).contains(response.statusCode());
    }

    private Set<String> storedIdentifiers(String base) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        String next = base + "/fhir/Observation?identifier=" + SYSTEM + "%7C&_count=200&_elements=identifier";
        while (next != null) {
            Bundle page = fhir.newJsonParser()
                    .parseResource(Bundle.class, send(get(next)).body());
            for (Bundle.BundleEntryComponent entry : page.getEntry()) {
                String value = ((Observation) entry.getResource())
                        .getIdentifierFirstRep()
                        .getValue();
                counts.merge(value, 1, Integer::sum);
            }
            // Links name the public address the nodes are configured with; this test reaches them on loopback.
            next = page.getLink("next") == null
                    ? null
                    : page.getLink("next").getUrl().replace(PUBLIC_URL, base);
        }
        assertThat(counts.values()).as("no identifier stored twice").allMatch(count -> count == 1);
        return counts.keySet();
    }

    private boolean answeredByRestartedNode(String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(get(base + "/fhir/metadata"));
            if ("node1".equals(response.headers().firstValue("X-OncoFHIR-Node").orElse(""))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private String observation(String patient, String key) {
        return fhir.newJsonParser()
                .encodeResourceToString(TestResources.her2Ihc(new IdType("Patient", patient), SYSTEM, key));
    }

    private HttpRequest.Builder post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", FHIR_JSON);
    }

    private static HttpRequest.Builder cds(String base, String patient, String jwt) {
        String request = "{\"hook\":\"patient-view\",\"hookInstance\":\"" + UUID.randomUUID()
                + "\",\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\"" + patient + "\"}}";
        return HttpRequest.newBuilder(URI.create(base + THERAPY))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + jwt)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request));
    }

    private static String cdsToken() {
        return TestSecurity.token(PUBLIC_URL + THERAPY);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String idOf(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        return new IdType(created.headers().firstValue("Location").orElseThrow()).getIdPart();
    }

    @FunctionalInterface
    private interface RequestFactory {
        HttpRequest.Builder build() throws Exception;
    }
}
