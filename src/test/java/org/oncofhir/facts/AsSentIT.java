package org.oncofhir.facts;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.util.ResourceReferenceInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oncofhir.testing.AbstractServerIT;

/**
 * Every file as sent is stored over HTTP as it is, a resource by POST, a transaction Bundle at the base (never a
 * 422 for a coding FHIR allows).
 */
class AsSentIT extends AbstractServerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.oncofhir.facts.AsSentFactsTest#rows")
    void isStoredAsSent(AsSentFactsTest.Row row) throws Exception {
        String body = Files.readString(AsSentFactsTest.DIR.resolve(row.file()));
        IBaseResource resource = fhirContext.newJsonParser().parseResource(body);
        List<IBaseResource> parts = resource instanceof Bundle b
                ? b.getEntry().stream()
                        .map(e -> (IBaseResource) e.getResource())
                        .toList()
                : List.of(resource);
        for (ResourceReferenceInfo info : parts.stream()
                .flatMap(part -> fhirContext.newTerser().getAllResourceReferences(part).stream())
                .toList()) {
            IIdType target = info.getResourceReference().getReferenceElement();
            if ("Patient".equals(target.getResourceType())) {
                client().update()
                        .resource(new Patient().setId(target.getIdPart()))
                        .execute();
            } else if ("Practitioner".equals(target.getResourceType())) {
                client().update()
                        .resource(new Practitioner().setId(target.getIdPart()))
                        .execute();
            }
        }
        boolean bundle = resource instanceof Bundle;
        HttpResponse<String> stored = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(fhirBase() + (bundle ? "" : "/" + fhirContext.getResourceType(resource))))
                        .header("Content-Type", "application/fhir+json")
                        .header("Authorization", "Bearer " + systemToken())
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(row.http());
    }
}
