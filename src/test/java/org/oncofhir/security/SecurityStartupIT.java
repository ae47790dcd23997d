package org.oncofhir.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oncofhir.OncoFhirApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Safe default: outside the demo profile, no trusted CDS client configured means no server, with a clear reason. */
class SecurityStartupIT {

    @TempDir
    Path dataDir;

    @Test
    void refusesToStartWithSecurityOnAndNoTrustedClients() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(OncoFhirApplication.class)
                        .run(
                                "--server.port=0",
                                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db") + ";WRITE_DELAY=0"))
                .hasStackTraceContaining("Security is on and no trusted");
    }
}
