package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.instance.model.api.IIdType;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;
import org.oncofhir.testing.TestDatabase;
import org.oncofhir.testing.TestResources;
import org.oncofhir.testing.TestSecurity;

/**
 * A bounded loopback load (default 60 s, {@code -Doncofhir.it.load-seconds}) of reads, searches, validated writes
 * and CDS patient-view calls from six clients: no request fails and the heap left after a full GC stays level.
 * Throughput and heap are printed, not asserted: speed belongs to the benchmarks.
 */
class MixedLoadIT extends AbstractServerIT {

    private static final int CLIENTS = 6;
    private static final String FHIR_JSON = "application/fhir+json";
    private static final String THERAPY = "/cds-services/oncofhir-breast-therapy";
    /** Allowed growth of the post-GC heap between the first and the last sample (stores, caches and JIT settle). */
    private static final long HEAP_GROWTH_LIMIT = 96L * 1024 * 1024;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void mixedLoadRunsWithoutErrorsAndLevelMemory() throws Exception {
        long seconds = Long.getLong("oncofhir.it.load-seconds", 60);
        List<IIdType> patients = new ArrayList<>();
        List<String> observations = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            IIdType patient = client().create()
                    .resource(TestResources.patient("Load" + p))
                    .execute()
                    .getId()
                    .toUnqualifiedVersionless();
            patients.add(patient);
            observations.add(client().create()
                    .resource(TestResources.her2Ihc(patient, "urn:test:load", "seed-" + p))
                    .execute()
                    .getId()
                    .getIdPart());
        }

        Map<String, AtomicLong> done = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        List<Long> heap = new ArrayList<>();
        heap.add(heapAfterGc());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    IIdType patient = patients.get(random.nextInt(patients.size()));
                    int dice = random.nextInt(100);
                    String kind = dice < 40 ? "read" : dice < 65 ? "search" : dice < 85 ? "create" : "cds";
                    try {
                        HttpResponse<String> response =
                                switch (kind) {
                                    case "read" -> fhir(HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation/"
                                                    + observations.get(random.nextInt(observations.size()))))
                                            .GET());
                                    case "search" -> fhir(
                                            HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation?subject="
                                                            + patient.getValue() + "&code=http://loinc.org%7C85319-2"))
                                                    .GET());
                                    case "create" -> fhir(HttpRequest.newBuilder(
                                                    URI.create(fhirBase() + "/Observation"))
                                            .header("Content-Type", FHIR_JSON)
                                            .POST(HttpRequest.BodyPublishers.ofString(fhirContext
                                                    .newJsonParser()
                                                    .encodeResourceToString(TestResources.her2Ihc(
                                                            patient, "urn:test:load", "load-" + random.nextLong())))));
                                    default -> http.send(
                                            HttpRequest.newBuilder(URI.create(baseUrl() + THERAPY))
                                                    .header("Content-Type", "application/json")
                                                    .header(
                                                            "Authorization",
                                                            "Bearer " + TestSecurity.token(baseUrl() + THERAPY))
                                                    .POST(HttpRequest.BodyPublishers.ofString(
                                                            "{\"hook\":\"patient-view\",\"hookInstance\":\"load\","
                                                                    + "\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\""
                                                                    + patient.getIdPart() + "\"}}"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString());
                                };
                        if (response.statusCode() >= 300) {
                            errors.add(kind + " " + response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        errors.add(kind + " " + e);
                    }
                    done.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                }
                return null;
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(Math.max(1, seconds / 4), TimeUnit.SECONDS)) {
            heap.add(heapAfterGc());
        }
        heap.add(heapAfterGc());

        System.out.printf(
                "Mixed load, %d clients, %d s (%s database): requests %s, errors %d, heap after GC (MiB) %s%n",
                CLIENTS,
                seconds,
                TestDatabase.isPostgres() ? "PostgreSQL" : "H2",
                done,
                errors.size(),
                heap.stream().map(b -> b / (1024 * 1024)).toList());
        assertThat(errors).as("failed requests").isEmpty();
        assertThat(done.keySet()).containsExactlyInAnyOrder("read", "search", "create", "cds");
        assertThat(heap.get(heap.size() - 1) - heap.get(0))
                .as("post-GC heap growth (bytes) over the run")
                .isLessThan(HEAP_GROWTH_LIMIT);
    }

    private HttpResponse<String> fhir(HttpRequest.Builder request) throws Exception {
        return http.send(
                request.header("Authorization", "Bearer " + systemToken())
                        .header("Accept", FHIR_JSON)
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
