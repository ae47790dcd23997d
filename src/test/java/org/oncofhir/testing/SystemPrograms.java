package org.oncofhir.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;

/** Debian programs some integration tests drive (chromium, haproxy, the PostgreSQL client). */
public final class SystemPrograms {

    private SystemPrograms() {}

    /**
     * Skips the calling test on a developer machine without the programs, and fails it on CI ({@code CI} set), where
     * {@code .ci/run} installs the Debian packages named.
     */
    public static void require(String debianPackages, Path... programs) {
        boolean installed = Arrays.stream(programs).allMatch(Files::isExecutable);
        if (!installed && System.getenv("CI") != null) {
            throw new IllegalStateException("This test needs Debian's " + debianPackages + " (.ci/run installs them): "
                    + Arrays.toString(programs));
        }
        Assumptions.assumeTrue(installed, debianPackages + " not installed: test skipped");
    }
}
