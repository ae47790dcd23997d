package org.oncofhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of every integration test that needs the running server. All subclasses share this exact configuration,
 * so Spring's test context cache starts the server once per Failsafe run. Each run gets a fresh H2 file.
 */
@SpringBootTest(
        classes = OncoFhirApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:file:./target/it-data/${random.uuid}/oncofhir;WRITE_DELAY=0"})
public abstract class AbstractServerIT {

    @LocalServerPort
    protected int port;

    @Autowired
    protected FhirContext fhirContext;

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    protected String fhirBase() {
        return baseUrl() + "/fhir";
    }

    protected IGenericClient client() {
        fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        return fhirContext.newRestfulGenericClient(fhirBase());
    }
}
