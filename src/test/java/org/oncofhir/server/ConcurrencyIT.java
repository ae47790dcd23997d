package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;
import org.oncofhir.testing.TestResources;

/**
 * Eight clients at once: optimistic-locking writers never lose an update (a stale {@code If-Match} gets 412 or 409
 * and the client re-reads), and concurrent transaction Bundles leave exactly the resources they carried.
 */
class ConcurrencyIT extends AbstractServerIT {

    private static final int CLIENTS = 8;
    private static final String FHIR_JSON = "application/fhir+json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void ifMatchWritersLoseNoUpdate() throws Exception {
        IIdType patient = client().create()
                .resource(TestResources.patient("Contended"))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            targets.add(client().create()
                    .resource(TestResources.her2Ihc(patient, "urn:test:contended", "r" + i))
                    .execute()
                    .getId()
                    .getIdPart());
        }
        Observation first = client().read()
                .resource(Observation.class)
                .withId(targets.get(0))
                .execute();
        HttpResponse<String> stale =
                send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation/" + targets.get(0)))
                        .header("Authorization", "Bearer " + systemToken())
                        .header("Content-Type", FHIR_JSON)
                        .header("If-Match", "W/\"99\"")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                fhirContext.newJsonParser().encodeResourceToString(first))));
        assertThat(stale.statusCode()).as("a stale If-Match is FHIR's 412").isEqualTo(412);
        int updatesPerWriter = 8;
        Map<Integer, AtomicInteger> conflicts = new ConcurrentHashMap<>();

        runConcurrently(writer -> {
            String id = targets.get(writer % targets.size());
            for (int done = 0, attempts = 0; done < updatesPerWriter; attempts++) {
                assertThat(attempts).as("writer " + writer + " makes progress").isLessThan(500);
                HttpResponse<String> current =
                        send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation/" + id))
                                .header("Authorization", "Bearer " + systemToken())
                                .GET());
                assertThat(current.statusCode()).isEqualTo(200);
                String etag = current.headers().firstValue("ETag").orElseThrow();
                Observation observation = fhirContext.newJsonParser().parseResource(Observation.class, current.body());
                observation.addNote(new Annotation().setText("writer " + writer + " update " + done));
                HttpResponse<String> update = send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation/" + id))
                        .header("Authorization", "Bearer " + systemToken())
                        .header("Content-Type", FHIR_JSON)
                        .header("If-Match", etag)
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                fhirContext.newJsonParser().encodeResourceToString(observation))));
                if (update.statusCode() == 200) {
                    done++;
                } else {
                    assertThat(update.statusCode())
                            .as("a lost race is a stale If-Match: " + update.body())
                            .isEqualTo(412);
                    conflicts
                            .computeIfAbsent(update.statusCode(), s -> new AtomicInteger())
                            .incrementAndGet();
                }
            }
            return null;
        });

        for (int t = 0; t < targets.size(); t++) {
            int target = t;
            List<Integer> writers = IntStream.range(0, CLIENTS)
                    .filter(w -> w % targets.size() == target)
                    .boxed()
                    .toList();
            Observation stored = client().read()
                    .resource(Observation.class)
                    .withId(targets.get(t))
                    .execute();
            List<String> notes =
                    stored.getNote().stream().map(Annotation::getText).toList();
            // Every successful update is there: nothing was overwritten by a writer holding a stale version.
            assertThat(notes).hasSize(writers.size() * updatesPerWriter).doesNotHaveDuplicates();
            for (int writer : writers) {
                for (int u = 0; u < updatesPerWriter; u++) {
                    assertThat(notes).contains("writer " + writer + " update " + u);
                }
            }
            assertThat(stored.getMeta().getVersionId()).isEqualTo(String.valueOf(1 + notes.size()));
        }
        System.out.println("If-Match writers: conflicts answered " + conflicts);

        // HAPI itself ignores If-Match on delete: a stale one must not delete.
        HttpResponse<String> staleDelete =
                send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation/" + targets.get(1)))
                        .header("Authorization", "Bearer " + systemToken())
                        .header("If-Match", "W/\"1\"")
                        .DELETE());
        assertThat(staleDelete.statusCode()).as(staleDelete.body()).isEqualTo(412);
        assertThat(client().read()
                        .resource(Observation.class)
                        .withId(targets.get(1))
                        .execute())
                .isNotNull();
    }

    @Test
    void concurrentTransactionBundlesLeaveExactCounts() throws Exception {
        String system = "urn:test:tx-" + UUID.randomUUID();
        int bundlesPerClient = 4;
        int observationsPerBundle = 9;

        runConcurrently(clientNumber -> {
            for (int b = 0; b < bundlesPerClient; b++) {
                Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                String patientRef = "urn:uuid:" + UUID.randomUUID();
                Patient patient = TestResources.patient("Tx" + clientNumber + "x" + b);
                patient.addIdentifier().setSystem(system).setValue("p-" + clientNumber + "-" + b);
                bundle.addEntry()
                        .setFullUrl(patientRef)
                        .setResource(patient)
                        .getRequest()
                        .setMethod(Bundle.HTTPVerb.POST)
                        .setUrl("Patient");
                // Every Bundle also carries the same conditional create: racing transactions must store it once.
                Patient shared = TestResources.patient("Shared");
                shared.addIdentifier().setSystem(system + ":shared").setValue("one");
                bundle.addEntry()
                        .setFullUrl("urn:uuid:" + UUID.randomUUID())
                        .setResource(shared)
                        .getRequest()
                        .setMethod(Bundle.HTTPVerb.POST)
                        .setUrl("Patient")
                        .setIfNoneExist("identifier=" + system + ":shared|one");
                for (int o = 0; o < observationsPerBundle; o++) {
                    Observation observation = TestResources.her2Ihc(
                            new IdType(patientRef), system, "o-" + clientNumber + "-" + b + "-" + o);
                    observation.getSubject().setReference(patientRef);
                    bundle.addEntry()
                            .setFullUrl("urn:uuid:" + UUID.randomUUID())
                            .setResource(observation)
                            .getRequest()
                            .setMethod(Bundle.HTTPVerb.POST)
                            .setUrl("Observation");
                }
                HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(fhirBase()))
                        .header("Authorization", "Bearer " + systemToken())
                        .header("Content-Type", FHIR_JSON)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                fhirContext.newJsonParser().encodeResourceToString(bundle))));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }
            return null;
        });

        assertThat(total("Patient?identifier=" + system + "|")).isEqualTo(CLIENTS * bundlesPerClient);
        assertThat(total("Patient?identifier=" + system + ":shared|one"))
                .as("the shared conditional create")
                .isEqualTo(1);
        assertThat(total("Observation?identifier=" + system + "|"))
                .isEqualTo(CLIENTS * bundlesPerClient * observationsPerBundle);
    }

    @Test
    void plainPutsByIdRacingEachOtherAllSucceedAndTheLastWriterWins() throws Exception {
        // Two writers per resource, as when two interface engines send the same record at once.
        int resources = CLIENTS / 2;
        String prefix = "race-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        int putsPerWriter = 4;
        runConcurrently(writer -> {
            String id = prefix + (writer % resources);
            for (int p = 0; p < putsPerWriter; p++) {
                Patient patient = TestResources.patient("Writer" + writer + "Put" + p);
                patient.setId(id);
                HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/" + id))
                        .header("Authorization", "Bearer " + systemToken())
                        .header("Content-Type", FHIR_JSON)
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                fhirContext.newJsonParser().encodeResourceToString(patient))));
                assertThat(put.statusCode())
                        .as("a PUT without If-Match is retried after a lost race, not answered 409: " + put.body())
                        .isIn(200, 201);
            }
            return null;
        });
        for (int r = 0; r < resources; r++) {
            Patient stored =
                    client().read().resource(Patient.class).withId(prefix + r).execute();
            assertThat(stored.getMeta().getVersionId())
                    .as("every PUT stored exactly one version")
                    .isEqualTo(String.valueOf(2 * putsPerWriter));
        }
    }

    @Test
    void conditionalEntriesOfRacingBatchesAreRetriedAndStoredOnce() throws Exception {
        // Interface engines resending the same results as batches at once: every entry a conditional create.
        String system = "urn:test:batch-" + UUID.randomUUID();
        int identifiers = 6;
        runConcurrently(client -> {
            for (int round = 0; round < 3; round++) {
                Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
                for (int i = 0; i < identifiers; i++) {
                    Patient patient = TestResources.patient("Batch" + i);
                    patient.addIdentifier().setSystem(system).setValue("p-" + round + "-" + i);
                    batch.addEntry()
                            .setResource(patient)
                            .getRequest()
                            .setMethod(Bundle.HTTPVerb.POST)
                            .setUrl("Patient")
                            .setIfNoneExist("identifier=" + system + "|p-" + round + "-" + i);
                }
                HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(fhirBase()))
                        .header("Authorization", "Bearer " + systemToken())
                        .header("Content-Type", FHIR_JSON)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                fhirContext.newJsonParser().encodeResourceToString(batch))));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                Bundle answer = fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
                for (Bundle.BundleEntryComponent entry : answer.getEntry()) {
                    assertThat(entry.getResponse().getStatus())
                            .as("a conditional batch entry that lost a race is retried: "
                                    + fhirContext.newJsonParser().encodeResourceToString(answer))
                            .startsWith("20");
                }
            }
            return null;
        });
        assertThat(total("Patient?identifier=" + system + "|"))
                .as("one Patient per identifier")
                .isEqualTo(3 * identifiers);
    }

    /** Runs the task on {@link #CLIENTS} threads released together; rethrows the first failure. */
    private static void runConcurrently(ClientTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CyclicBarrier start = new CyclicBarrier(CLIENTS);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Callable<Void> run = () -> {
                    start.await();
                    return task.run(client);
                };
                results.add(pool.submit(run));
            }
            for (Future<Void> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @FunctionalInterface
    private interface ClientTask {
        Void run(int client) throws Exception;
    }
}
