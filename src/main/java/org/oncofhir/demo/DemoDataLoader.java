package org.oncofhir.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.oncofhir.conformance.ConformanceInstalledEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * With the {@code demo} profile, stores the synthetic demo patients (one transaction, validated like any write)
 * once the conformance package is in place; skipped when they are already there, so a restart keeps edits.
 */
@Component
@Profile("demo")
class DemoDataLoader {

    static final String BUNDLE = "oncofhir/demo/demo-patients.json";
    /** Present once the bundle has been stored. */
    static final String MARKER = "Patient/demo-her2-early";

    private static final Logger LOG = LoggerFactory.getLogger(DemoDataLoader.class);

    private final FhirContext fhirContext;
    private final DaoRegistry daoRegistry;

    DemoDataLoader(FhirContext fhirContext, DaoRegistry daoRegistry) {
        this.fhirContext = fhirContext;
        this.daoRegistry = daoRegistry;
    }

    @EventListener(ConformanceInstalledEvent.class)
    void load() {
        if (alreadyLoaded()) {
            LOG.info("Demo patients already stored");
            return;
        }
        Bundle bundle = readBundle();
        @SuppressWarnings("unchecked")
        IFhirSystemDao<Bundle, ?> system = daoRegistry.getSystemDao();
        try {
            system.transaction(new SystemRequestDetails(), bundle);
        } catch (RuntimeException e) {
            // The server itself is fine without demo data: report, do not take readiness down.
            LOG.error("Demo data could not be stored", e);
            return;
        }
        LOG.info(
                "Demo data stored: {} resources ({} patients)",
                bundle.getEntry().size(),
                bundle.getEntry().stream()
                        .filter(e -> e.getResource().fhirType().equals("Patient"))
                        .count());
    }

    private boolean alreadyLoaded() {
        try {
            daoRegistry.getResourceDao("Patient").read(new IdType(MARKER), new SystemRequestDetails());
            return true;
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return false;
        }
    }

    private Bundle readBundle() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLE + " is not on the classpath");
            }
            return fhirContext.newJsonParser().parseResource(Bundle.class, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
