package org.oncofhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class ConformanceInstallerTest {

    @Test
    void notReadyUntilThePackageIsStored() {
        ConformanceInstaller installer = new ConformanceInstaller(null, null, null, null);

        assertThat(installer.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }
}
