package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.ServerInstance;
import org.oncofhir.testing.TestDatabase;

/**
 * The demo profile's first start stores the demo patients, whose cards come from our own store; CDS feedback is
 * still there after a restart on the same database, and the demo data is not loaded twice. Own contexts on purpose.
 */
class CdsRestartIT {

    private static final String JSON = "application/json";

    @Test
    void demoDataOnFirstStartAndFeedbackSurvivesRestart() throws Exception {
        Map<String, String> database = TestDatabase.freshDatabase();
        String card = UUID.randomUUID().toString();

        try (ServerInstance first = ServerInstance.start(TestDatabase.commandLine(database, "demo"))) {
            first.awaitStatus("/fhir/Patient/demo-her2-early", 200);
            HttpResponse<String> cards = first.post(
                    "/cds-services/oncofhir-breast-therapy",
                    JSON,
                    "{\"hook\":\"patient-view\",\"hookInstance\":\"restart-1\",\"context\":{\"userId\":\"Practitioner/1\","
                            + "\"patientId\":\"demo-her2-early\"}}",
                    null);
            assertThat(cards.statusCode()).isEqualTo(200);
            assertThat(CdsHooksIT.rules(
                            new ObjectMapper().readTree(cards.body()).path("cards")))
                    .contains("her2-early-tp");
            HttpResponse<String> feedback = first.post(
                    "/cds-services/oncofhir-breast-therapy/feedback",
                    JSON,
                    "{\"feedback\":[{\"card\":\"" + card
                            + "\",\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2026-11-23T09:00:00Z\","
                            + "\"acceptedSuggestions\":[{\"id\":\"s-1\"}]}]}",
                    null);
            assertThat(feedback.statusCode()).isEqualTo(200);
            HttpResponse<String> edit = first.put(
                    "/fhir/Patient/demo-her2-early",
                    "application/fhir+json",
                    "{\"resourceType\":\"Patient\",\"id\":\"demo-her2-early\","
                            + "\"name\":[{\"family\":\"Moreau-Edited\"}],\"gender\":\"female\"}",
                    null);
            assertThat(edit.statusCode()).isEqualTo(200);
        }

        try (ServerInstance second = ServerInstance.start(TestDatabase.commandLine(database, "demo"))) {
            HttpResponse<String> stored = second.get("/admin/cds-feedback?service=oncofhir-breast-therapy", null);
            assertThat(stored.body()).contains(card, "accepted", "s-1");
            second.awaitStatus("/actuator/health/readiness", 200);
            // Demo data is loaded once: the edit made after the first start is not overwritten.
            assertThat(second.get("/fhir/Patient/demo-her2-early", null).body()).contains("Moreau-Edited");
        }
    }
}
