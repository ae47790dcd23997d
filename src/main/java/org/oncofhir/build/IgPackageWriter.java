package org.oncofhir.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Build step (run by Maven at {@code package}): writes {@code profiles/} and {@code terminology/} as a FHIR NPM
 * package, {@code target/oncofhir-ig-<version>.tgz}, in the standard layout ({@code package/package.json},
 * {@code package/.index.json}, resources in {@code package/}, examples in {@code package/example/}), so that external
 * validators can load our profiles and terminology.
 *
 * <p>Usage: {@code IgPackageWriter <builtProfilesDir> <terminologyDir> <examplesDir> <targetDir>}, where the built
 * profiles are the StructureDefinitions with the snapshots {@link ProfileSnapshotWriter} generated.
 */
public final class IgPackageWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IgPackageWriter() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException(
                    "usage: IgPackageWriter <builtProfilesDir> <terminologyDir> <examplesDir> <targetDir>");
        }
        Path written = write(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        System.out.println("FHIR package written: " + written);
    }

    public static Path write(Path profiles, Path terminology, Path examplesDir, Path target) throws IOException {
        JsonNode manifest = JSON.readTree(profiles.resolve("package.json").toFile());
        List<Path> resources = new ArrayList<>(jsonFiles(terminology));
        resources.addAll(jsonFiles(profiles).stream()
                .filter(p -> !p.getFileName().toString().equals("package.json"))
                .toList());
        List<Path> examples = jsonFiles(examplesDir);

        Files.createDirectories(target);
        Path tgz = target.resolve("oncofhir-ig-" + manifest.get("version").asText() + ".tgz");
        try (OutputStream file = Files.newOutputStream(tgz);
                GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            add(tar, "package/package.json", Files.readAllBytes(profiles.resolve("package.json")));
            add(tar, "package/.index.json", index(resources));
            for (Path resource : resources) {
                add(tar, "package/" + resource.getFileName(), Files.readAllBytes(resource));
            }
            add(tar, "package/example/.index.json", index(examples));
            for (Path example : examples) {
                add(tar, "package/example/" + example.getFileName(), Files.readAllBytes(example));
            }
        }
        return tgz;
    }

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The {@code .index.json} of a package folder (FHIR NPM package spec, index-version 1). */
    private static byte[] index(List<Path> files) throws IOException {
        ObjectNode index = JSON.createObjectNode();
        index.put("index-version", 1);
        ArrayNode entries = index.putArray("files");
        for (Path file : files) {
            JsonNode resource = JSON.readTree(file.toFile());
            ObjectNode entry = entries.addObject();
            entry.put("filename", file.getFileName().toString());
            for (String field : List.of("resourceType", "id", "url", "version", "kind", "type")) {
                if (resource.hasNonNull(field)) {
                    entry.put(field, resource.get(field).asText());
                }
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index);
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
