package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oncofhir.testing.ServerInstance;
import org.oncofhir.testing.TestResources;

/**
 * What the server acknowledged is still there after the application shuts down and a new one starts on the same
 * H2 file; and health turns DOWN when the database goes away. Starts its own application contexts on purpose.
 */
@Tag("h2-file")
class DurabilityIT {

    @TempDir
    Path dataDir;

    @Test
    void acknowledgedWritesSurviveRestartAndHealthReportsLostDatabase() throws Exception {
        Path dbDir = dataDir.resolve("db");
        String url = "jdbc:h2:file:" + dbDir.resolve("oncofhir") + ";WRITE_DELAY=0";
        List<IIdType> written = new ArrayList<>();

        try (ServerInstance first = start(url)) {
            // Ready: the conformance package is stored. Closing a context in the middle of that interrupts HAPI's
            // background writers inside H2 file I/O, and H2 then refuses this JVM's next open of the file.
            first.awaitStatus("/actuator/health/readiness", 200);
            IGenericClient client = first.fhirClient(null);
            IIdType patientId = client.create()
                    .resource(TestResources.patient("Durable"))
                    .execute()
                    .getId();
            written.add(patientId.toUnqualifiedVersionless());
            for (int i = 0; i < 25; i++) {
                Observation obs = TestResources.her2Ihc(patientId, "urn:test:durable", "obs-" + i);
                written.add(client.create().resource(obs).execute().getId().toUnqualifiedVersionless());
            }
        }

        awaitClosedInThisJvm(url);
        // IFEXISTS: the second server must find the first one's file, never silently create an empty one.
        try (ServerInstance second = start(url + ";IFEXISTS=TRUE")) {
            IGenericClient client = second.fhirClient(null);
            for (IIdType id : written) {
                Class<? extends Resource> type =
                        "Patient".equals(id.getResourceType()) ? Patient.class : Observation.class;
                assertThat(client.read()
                                .resource(type)
                                .withId(id.getIdPart())
                                .execute()
                                .getIdElement()
                                .getIdPart())
                        .isEqualTo(id.getIdPart());
            }

            // Take the database away for good: its folder becomes a plain file, then the open database closes,
            // so neither the connection pool nor HAPI's schedulers can reopen it.
            Files.move(dbDir, dataDir.resolve("db-gone"));
            Files.writeString(dbDir, "not a database folder");
            // H2 finds the open database by its original name, without touching the (moved) files.
            try (Connection db = DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", "");
                    Statement statement = db.createStatement()) {
                statement.execute("SHUTDOWN");
            }
            HttpResponse<String> health = second.get("/actuator/health", null);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("DOWN");
        }
    }

    /**
     * H2 closes the first server's database in this JVM after its context closed (HAPI's background writers may still
     * be stopping, and H2 answers "database has been closed" until it is done); a new process would not wait.
     */
    private static void awaitClosedInThisJvm(String url) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Connection probe = DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", "")) {
                return;
            } catch (SQLException closing) {
                assertThat(System.nanoTime())
                        .as("H2 reopens the file: " + closing.getMessage())
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static ServerInstance start(String jdbcUrl) {
        // Durability of the store only; security is tested elsewhere.
        return ServerInstance.start(List.of("--spring.datasource.url=" + jdbcUrl, "--oncofhir.security.enabled=false"));
    }
}
