package org.oncofhir.cds;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.testing.BadRequest;

/**
 * The CDS rows of the bad-input corpus, read by {@link CdsRequestReader} alone: the same status and message as
 * over HTTP (where {@code BadInputIT} replays them), without a server. Rows refused before the reader (size
 * limit) are left to the HTTP test.
 */
class CdsRequestReaderTest {

    private static final CdsRequestReader READER =
            new CdsRequestReader(FhirJsonModule.cdsHooksMapper(FhirContext.forR4Cached()));
    private static final Set<Integer> READER_STATUSES = Set.of(400, 415);

    static Stream<String> cdsRows() {
        return BadRequest.corpus().stream().filter(file -> {
            BadRequest bad = BadRequest.read(file);
            return bad.path().startsWith("/cds-services/") && READER_STATUSES.contains(bad.status());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cdsRows")
    void refusedAsOverHttp(String file) {
        BadRequest bad = BadRequest.read(file);
        CdsException refusal = catchThrowableOfType(() -> read(bad), CdsException.class);
        assertThat(refusal).as(file + ": " + bad.description()).isNotNull();
        assertThat(refusal.status.value()).as(file).isEqualTo(bad.status());
        assertThat(refusal.getMessage()).as(file).containsIgnoringCase(bad.message());
    }

    @Test
    void contextAndRequestExtensionsAreNotParsedAsFhir() throws Exception {
        String json =
                """
                {"hook": "order-select", "hookInstance": "h-1",
                 "extension": {"org.example.request-flag": true},
                 "context": {"userId": "Practitioner/1", "patientId": "p-1", "selections": ["MedicationRequest/m-1"],
                   "extension": {"com.cds-hooks.sandbox.myextension-practitionerspecialty": "gastroenterology",
                                 "org.example.nested": {"a": [1, 2]}},
                   "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": [{"resource":
                     {"resourceType": "MedicationRequest", "id": "m-1", "status": "draft", "intent": "order",
                      "subject": {"reference": "Patient/p-1"},
                      "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                        "code": "224905"}]}}}]}}}
                """;
        CdsServiceRequestJson request = READER.serviceRequest(
                CdsService.ORDER_CHECK, "application/json", new ByteArrayInputStream(json.getBytes(UTF_8)));

        assertThat(READER.patientId(request)).isEqualTo("p-1");
        assertThat(READER.draftOrders(CdsService.ORDER_CHECK, request)).hasSize(1);
    }

    /** What the controller asks of the reader for the request's path. */
    private static void read(BadRequest bad) throws Exception {
        String[] path = bad.path().split("/");
        CdsService service = CdsService.byId(path[2]);
        InputStream body = new ByteArrayInputStream(bad.body() == null ? new byte[0] : bad.body());
        String contentType = bad.header("Content-Type");
        if (path.length > 3 && path[3].equals("feedback")) {
            READER.feedback(service, contentType, body, Instant.now());
            return;
        }
        CdsServiceRequestJson request = READER.serviceRequest(service, contentType, body);
        if (service.checksOrders()) {
            READER.draftOrders(service, request);
        }
    }
}
