package org.oncofhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.oncofhir.testing.AbstractServerIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Status;

/** Installing the package is idempotent, and a stored copy whose version differs is replaced. */
class ConformanceStoreIT extends AbstractServerIT {

    @Autowired
    private DaoRegistry daoRegistry;

    @Autowired
    private ConformancePackage conformance;

    @Autowired
    private ConformanceInstaller installer;

    @Test
    void readinessWaitedForTheBackgroundInstall() {
        assertThat(installer.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void reinstallChangesNothingButRestoresAStoredCopyOfAnotherVersion() {
        ConformanceStore store = new ConformanceStore(daoRegistry);
        assertThat(store.install(conformance)).isZero();

        IGenericClient client = client();
        StructureDefinition stored = client.read()
                .resource(StructureDefinition.class)
                .withId("her2-ihc")
                .execute();
        stored.setVersion("0.0.9");
        stored.setDescription("an older copy");
        client.update().resource(stored).execute();

        assertThat(store.install(conformance)).isEqualTo(1);
        StructureDefinition restored = client.read()
                .resource(StructureDefinition.class)
                .withId("her2-ihc")
                .execute();
        assertThat(restored.getVersion())
                .isEqualTo(conformance.profiles().stream()
                        .filter(p -> p.getIdElement().getIdPart().equals("her2-ihc"))
                        .findFirst()
                        .orElseThrow()
                        .getVersion());
        assertThat(restored.hasSnapshot()).isTrue();
        assertThat(store.install(conformance)).isZero();
    }

    @Test
    void aChangedFragmentWithoutAVersionIsRestoredToo() {
        ConformanceStore store = new ConformanceStore(daoRegistry);
        IGenericClient client = client();
        CodeSystem loinc = client.read()
                .resource(CodeSystem.class)
                .withId("loinc-fragment")
                .execute();
        assertThat(loinc.hasVersion()).isFalse();
        int concepts = loinc.getConcept().size();
        loinc.getConcept().remove(concepts - 1);
        client.update().resource(loinc).execute();

        assertThat(store.install(conformance)).isEqualTo(1);
        assertThat(client.read()
                        .resource(CodeSystem.class)
                        .withId("loinc-fragment")
                        .execute()
                        .getConcept())
                .hasSize(concepts);
    }
}
