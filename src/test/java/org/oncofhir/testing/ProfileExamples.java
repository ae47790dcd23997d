package org.oncofhir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The example files under {@code profiles/examples}: valid ones, and invalid ones with the failure they expect. */
public final class ProfileExamples {

    private static final Path ROOT = Path.of("profiles", "examples");

    /** An invalid example: its file, a text the validation errors must contain, and why it must fail. */
    public record Invalid(Path file, String expectedInError, String reason) {
        @Override
        public String toString() {
            return file.getFileName() + " (" + reason + ")";
        }
    }

    private ProfileExamples() {}

    public static List<Path> valid() {
        try (Stream<Path> files = Files.list(ROOT.resolve("valid"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Invalid> invalid() {
        Path dir = ROOT.resolve("invalid");
        try {
            return Files.readAllLines(dir.resolve("expected-failures.csv")).stream()
                    .skip(1)
                    .filter(line -> !line.isBlank())
                    .map(line -> line.split(",", 3))
                    .map(cols -> new Invalid(dir.resolve(cols[0]), cols[1], cols[2]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
