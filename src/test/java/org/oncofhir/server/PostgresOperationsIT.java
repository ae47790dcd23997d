package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oncofhir.testing.PostgresClient;
import org.oncofhir.testing.ServerInstance;
import org.oncofhir.testing.TestDatabase;
import org.oncofhir.testing.TestResources;

/**
 * What a PostgreSQL operator does: upgrade a database the previous release wrote, and back up a running system with
 * {@code pg_dump} and restore it to a working server.
 */
@Tag("postgres")
class PostgresOperationsIT {

    /**
     * {@code pg_dump} of a database written by release 0.1.0 (commit 309bb94, schema by Hibernate's update, own tables
     * by CREATE TABLE IF NOT EXISTS) started with the demo profile: its 64 demo Observations and the conformance
     * package.
     */
    private static final String RELEASE_010 = "/upgrade/oncofhir-0.1.0-demo.postgres.sql.gz";

    private static final String FHIR_JSON = "application/fhir+json";

    private final FhirContext fhir = FhirContext.forR4Cached();

    @TempDir
    Path backups;

    @Test
    void aDatabaseWrittenByTheLastReleaseIsMigratedAndServed() throws Exception {
        PostgresClient.require();
        String database = TestDatabase.newPostgresDatabase();
        try (InputStream dump = new GZIPInputStream(getClass().getResourceAsStream(RELEASE_010))) {
            PostgresClient.restore(dump, database);
        }
        try (ServerInstance server = start(database)) {
            server.awaitStatus("/actuator/health/readiness", 200);
            assertThat(server.get("/fhir/Observation?_summary=count", null).body())
                    .as("the release's data is all there")
                    .contains("\"total\":64");
            HttpResponse<String> cards = server.post(
                    "/cds-services/oncofhir-breast-therapy",
                    "application/json",
                    "{\"hook\":\"patient-view\",\"hookInstance\":\"upgrade-1\",\"context\":{\"userId\":"
                            + "\"Practitioner/1\",\"patientId\":\"demo-low-lvef\"}}",
                    null);
            assertThat(cards.statusCode()).isEqualTo(200);
            assertThat(cards.body()).as("advice from the migrated data").contains("LVEF");
            assertThat(create(server, "demo-low-lvef", "after-upgrade").statusCode())
                    .as("a write after the upgrade")
                    .isEqualTo(201);
        }
    }

    @Test
    void pgDumpOfARunningServerRestoresToAWorkingServer() throws Exception {
        PostgresClient.require();
        String source = TestDatabase.newPostgresDatabase();
        Set<String> beforeDump = ConcurrentHashMap.newKeySet();
        Path backup = backups.resolve("oncofhir.sql");
        String patient;
        try (ServerInstance server = start(source)) {
            server.awaitStatus("/actuator/health/readiness", 200);
            patient = idOf(server.post(
                    "/fhir/Patient",
                    FHIR_JSON,
                    fhir.newJsonParser().encodeResourceToString(TestResources.patient("Backup")),
                    null));
            AtomicBoolean dumping = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sequence = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(2);
            List<String> acknowledged;
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    running.add(writers.submit(() -> {
                        while (!stop.get()) {
                            boolean startedBeforeDump = !dumping.get();
                            HttpResponse<String> created = create(server, patient, "b-" + sequence.incrementAndGet());
                            if (created.statusCode() == 201 && startedBeforeDump) {
                                beforeDump.add(idOf(created));
                            }
                        }
                        return null;
                    }));
                }
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (beforeDump.size() < 30) {
                    assertThat(running).as("writers still writing").noneMatch(Future::isDone);
                    assertThat(System.nanoTime())
                            .as("30 writes within 2 minutes")
                            .isLessThan(deadline);
                    Thread.sleep(50);
                }
                // The backup is taken while the writers go on: pg_dump reads one consistent snapshot.
                dumping.set(true);
                acknowledged = new ArrayList<>(beforeDump);
                PostgresClient.dump(source, backup);
                stop.set(true);
                for (Future<?> writer : running) {
                    writer.get(1, TimeUnit.MINUTES);
                }
            } finally {
                stop.set(true);
                writers.shutdownNow();
            }
            beforeDump.retainAll(acknowledged);
        }

        String restored = TestDatabase.newPostgresDatabase();
        try (InputStream sql = Files.newInputStream(backup)) {
            PostgresClient.restore(sql, restored);
        }
        try (ServerInstance server = start(restored)) {
            server.awaitStatus("/actuator/health/readiness", 200);
            for (String id : beforeDump) {
                assertThat(server.get("/fhir/Observation/" + id, null).statusCode())
                        .as("Observation/" + id + ", acknowledged before the dump")
                        .isEqualTo(200);
            }
            Bundle found = fhir.newJsonParser()
                    .parseResource(
                            Bundle.class,
                            server.get("/fhir/Observation?subject=Patient/" + patient + "&_summary=count", null)
                                    .body());
            assertThat(found.getTotal())
                    .as("the search index came back with the resources")
                    .isGreaterThanOrEqualTo(beforeDump.size());
            // The id sequences came back too: a new write gets a fresh id.
            assertThat(create(server, patient, "after-restore").statusCode()).isEqualTo(201);
        }
    }

    private static ServerInstance start(String database) {
        List<String> args = new ArrayList<>(TestDatabase.commandLine(TestDatabase.postgresProperties(database)));
        args.add("--oncofhir.security.enabled=false");
        return ServerInstance.start(args);
    }

    private HttpResponse<String> create(ServerInstance server, String patient, String value) throws Exception {
        String body = fhir.newJsonParser()
                .encodeResourceToString(
                        TestResources.her2Ihc(new IdType("Patient", patient), "urn:test:backup", value));
        return server.post("/fhir/Observation", FHIR_JSON, body, null);
    }

    private static String idOf(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return new IdType(created.headers().firstValue("Location").orElseThrow()).getIdPart();
    }
}
