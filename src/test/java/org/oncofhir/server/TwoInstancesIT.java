package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.oncofhir.testing.ServerInstance;
import org.oncofhir.testing.TestDatabase;
import org.oncofhir.testing.TestResources;
import org.oncofhir.testing.TestSecurity;

/**
 * Two stateless server instances started together on one empty PostgreSQL database, as behind a load balancer: both
 * come up, what one stores the other reads and advises on, conditional creates racing through both store one
 * resource, and a CDS token used on one is refused by the other.
 */
@Tag("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesIT {

    /** The load balancer's address: both instances check CDS token audiences against it. */
    private static final String PUBLIC_URL = "https://oncofhir.example.org";

    private static final String THERAPY = "/cds-services/oncofhir-breast-therapy";
    private static final String FHIR_JSON = "application/fhir+json";

    private final FhirContext fhir = FhirContext.forR4Cached();
    private final String token = TestSecurity.accessToken("system/*.cruds", null);
    private ServerInstance a;
    private ServerInstance b;
    private CompletableFuture<ServerInstance> second;

    @BeforeAll
    void startBoth() throws Exception {
        Map<String, String> database = TestDatabase.freshPostgresDatabase();
        List<String> args = new ArrayList<>(TestDatabase.commandLine(database));
        TestSecurity.properties().forEach((name, value) -> args.add("--" + name + "=" + value));
        args.add("--oncofhir.security.public-base-url=" + PUBLIC_URL);
        // Both together on the empty database, as after a deployment: they overlap in the migration and store the
        // conformance package side by side. 3 s apart, because Spring Boot's logging set-up is JVM-wide and not safe
        // for two applications starting at the same instant in one JVM (ClusterIT starts two processes at once).
        second = CompletableFuture.supplyAsync(
                () -> ServerInstance.start(args), CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));
        a = ServerInstance.start(args);
        b = second.get(5, TimeUnit.MINUTES);
        a.awaitStatus("/actuator/health/readiness", 200);
        b.awaitStatus("/actuator/health/readiness", 200);
    }

    @AfterAll
    void stopBoth() {
        if (second != null) {
            // Closed whenever it comes up, also when the first failed and the test never waited for the second.
            second.thenAccept(ServerInstance::close);
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void writeThroughOneIsReadAndAdvisedOnByTheOther() throws Exception {
        IIdType patient = a.fhirClient(token)
                .create()
                .resource(TestResources.patient("Shared"))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
        IIdType observation = a.fhirClient(token)
                .create()
                .resource(TestResources.her2Ihc(patient, "urn:test:two-instances", "read-1"))
                .execute()
                .getId()
                .toUnqualifiedVersionless();

        HttpResponse<String> read = b.get("/fhir/" + observation.getValue(), token);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"LA11843-2\"");

        String request = "{\"hook\":\"patient-view\",\"hookInstance\":\"two-instances-1\",\"context\":{\"userId\":"
                + "\"Practitioner/1\",\"patientId\":\"" + patient.getIdPart() + "\"}}";
        HttpResponse<String> cards = b.post(THERAPY, "application/json", request, cdsToken());
        assertThat(cards.statusCode()).isEqualTo(200);
        // The card's evidence cites the Observation stored through the other instance.
        assertThat(cards.body()).contains(observation.getValue());
    }

    @Test
    void conditionalCreatesRacingThroughBothInstancesStoreOneResource() throws Exception {
        IIdType patient = a.fhirClient(token)
                .create()
                .resource(TestResources.patient("Racing"))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
        int writers = 8;
        int identifiers = 15;
        // Released together for every identifier, so the eight requests for one identifier really race.
        CyclicBarrier together = new CyclicBarrier(writers);
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        Map<Integer, Set<String>> answeredIds = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                ServerInstance target = w % 2 == 0 ? a : b;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < identifiers; i++) {
                        String body = fhir.newJsonParser()
                                .encodeResourceToString(TestResources.her2Ihc(patient, "urn:test:race", "lab-" + i));
                        together.await(1, TimeUnit.MINUTES);
                        HttpResponse<String> response = target.send(target.request("/fhir/Observation", token)
                                .header("Content-Type", FHIR_JSON)
                                .header("If-None-Exist", "identifier=urn:test:race|lab-" + i)
                                .POST(HttpRequest.BodyPublishers.ofString(body)));
                        if (response.statusCode() != 201 && response.statusCode() != 200) {
                            unexpected.add(response.statusCode() + " " + response.body());
                        }
                        int identifier = i;
                        response.headers().firstValue("Location").ifPresent(location -> answeredIds
                                .computeIfAbsent(identifier, k -> ConcurrentHashMap.newKeySet())
                                .add(new IdType(location).getIdPart()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(unexpected)
                .as("every racing conditional create answers 200 or 201")
                .isEmpty();
        for (int i = 0; i < identifiers; i++) {
            for (ServerInstance instance : List.of(a, b)) {
                Bundle found = instance.fhirClient(token)
                        .search()
                        .byUrl("Observation?identifier=urn:test:race|lab-" + i)
                        .returnBundle(Bundle.class)
                        .execute();
                assertThat(found.getEntry())
                        .as("Observations with identifier lab-" + i)
                        .hasSize(1);
                // Winner and losers were all answered with the one stored resource.
                assertThat(answeredIds.get(i))
                        .containsExactly(found.getEntryFirstRep()
                                .getResource()
                                .getIdElement()
                                .getIdPart());
            }
        }
    }

    @Test
    void cdsTokenUsedOnOneInstanceIsRefusedByTheOther() throws Exception {
        String patient = a.fhirClient(token)
                .create()
                .resource(TestResources.patient("Replay"))
                .execute()
                .getId()
                .getIdPart();
        String request = "{\"hook\":\"patient-view\",\"hookInstance\":\"two-instances-2\",\"context\":{\"userId\":"
                + "\"Practitioner/1\",\"patientId\":\"" + patient + "\"}}";
        String once = cdsToken();

        assertThat(a.post(THERAPY, "application/json", request, once).statusCode())
                .isEqualTo(200);
        HttpResponse<String> replay = b.post(THERAPY, "application/json", request, once);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("already used");
    }

    private static String cdsToken() {
        return TestSecurity.token(PUBLIC_URL + THERAPY);
    }
}
