package org.oncofhir.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    /**
     * Runs the command to its end with the extra environment, stdin from {@code input} (or none), stdout and stderr
     * appended to {@code log}; fails unless it exits 0 within {@code timeout} (a command still running is killed).
     */
    public static void run(
            List<String> command, Map<String, String> environment, InputStream input, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                input.transferTo(stdin);
            }
        }
        String what = String.join(" ", command);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(what + " still running after " + timeout + " (see " + log + ")");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(what + " exited " + process.exitValue() + " (see " + log + ")");
        }
    }
}
