package org.oncofhir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One file of the bad-input corpus ({@code src/test/resources/bad-input}, format in its README): directives,
 * request line, headers, raw body.
 */
public record BadRequest(
        String description,
        int status,
        String message,
        String method,
        String path,
        Map<String, String> headers,
        byte[] body,
        boolean chunked) {

    /** The corpus's file names, sorted. */
    public static List<String> corpus() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".http"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BadRequest read(String fileName) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(directory().resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int split = indexOf(bytes, "\n\n".getBytes(StandardCharsets.US_ASCII));
        String head = new String(bytes, 0, split < 0 ? bytes.length : split, StandardCharsets.UTF_8);
        byte[] body = split < 0 ? null : Arrays.copyOfRange(bytes, split + 2, bytes.length);

        Map<String, String> directives = new LinkedHashMap<>();
        StringBuilder description = new StringBuilder();
        String requestLine = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.split("\n")) {
            if (line.startsWith("# ")) {
                String text = line.substring(2);
                int colon = text.indexOf(": ");
                String key = colon < 0 ? "" : text.substring(0, colon);
                if (List.of("expect", "message", "body-size", "transfer").contains(key)) {
                    directives.put(key, text.substring(colon + 2).trim());
                } else {
                    description.append(text);
                }
            } else if (requestLine == null) {
                requestLine = line;
            } else {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        if (directives.containsKey("body-size")) {
            body = pad(body, Integer.parseInt(directives.get("body-size")));
        }
        String[] methodAndPath = requestLine.split(" ", 2);
        return new BadRequest(
                description.toString(),
                Integer.parseInt(directives.get("expect")),
                directives.getOrDefault("message", "").toLowerCase(Locale.ROOT),
                methodAndPath[0],
                methodAndPath[1],
                headers,
                body,
                "chunked".equals(directives.get("transfer")));
    }

    /** Replaces the @PAD@ marker with as many 'x' as make the body {@code size} bytes. */
    private static byte[] pad(byte[] template, int size) {
        String text = new String(template, StandardCharsets.UTF_8);
        int filler = size - (template.length - "@PAD@".length());
        return text.replace("@PAD@", "x".repeat(filler)).getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The header's value, whatever the case of its name in the file. */
    public String header(String name) {
        return headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private static Path directory() {
        try {
            return Path.of(BadRequest.class.getResource("/bad-input").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
