package org.oncofhir.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
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
