package org.oncofhir.conformance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;

/**
 * Once the server is up, stores the conformance package (several seconds on a new database) and then fills the
 * validator's caches, in the background so start-up waits for neither; validation reads the package from memory
 * and needs neither step. As the health contributor {@code conformance} (part of the readiness group) it reports
 * OUT_OF_SERVICE until the package is stored, so a load balancer routes only to a complete instance.
 */
public class ConformanceInstaller implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(ConformanceInstaller.class);

    private final DaoRegistry daoRegistry;
    private final ConformancePackage conformance;
    private final BiomarkerValidator validator;
    private final ApplicationEventPublisher events;
    /** The first validation builds the HL7 validator's context (seconds): started at once, on the idle core. */
    private final CompletableFuture<Void> warmUp;

    private volatile Health health =
            Health.outOfService().withDetail("conformance", "installing").build();

    public ConformanceInstaller(
            DaoRegistry daoRegistry,
            ConformancePackage conformance,
            BiomarkerValidator validator,
            ApplicationEventPublisher events) {
        this.daoRegistry = daoRegistry;
        this.conformance = conformance;
        this.validator = validator;
        this.events = events;
        this.warmUp = CompletableFuture.runAsync(
                () -> {
                    validator.validate(BiomarkerValidator.warmUpSample(), null);
                    validator.certainlyValid(BiomarkerValidator.warmUpSample());
                },
                task -> daemon("validator-warm-up", task).start());
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void installInBackground() {
        daemon("conformance-install", this::install).start();
    }

    private void install() {
        try {
            new ConformanceStore(daoRegistry).install(conformance);
            // Listeners (the demo data loader) run before readiness, so a ready server has its demo data.
            events.publishEvent(new ConformanceInstalledEvent());
            // Warm before turning ready: a cold validator makes the first writes after readiness take seconds.
            warmUp.join();
            health = Health.up().build();
        } catch (RuntimeException e) {
            LOG.error("Installing the conformance package failed; the server stays not ready", e);
            health = Health.status(Status.DOWN)
                    .withDetail("conformance", "install failed")
                    .build();
        }
    }

    @Override
    public Health health() {
        return health;
    }
}
