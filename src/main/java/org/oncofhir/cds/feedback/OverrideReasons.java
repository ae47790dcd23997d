package org.oncofhir.cds.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.oncofhir.codes.CodeSystems;

/**
 * The reasons a clinician may give for overriding a card: the concepts of OncoFHIR's {@code override-reason}
 * CodeSystem, offered on every card and required of feedback that gives a reason.
 */
public final class OverrideReasons {

    public static final String SYSTEM = CodeSystems.own("override-reason");
    private static final String RESOURCE = "oncofhir/terminology/CodeSystem-override-reason.json";
    private static final List<Reason> ALL = load();

    /** One reason: its code and display. */
    public record Reason(String code, String display) {}

    private OverrideReasons() {}

    public static List<Reason> all() {
        return ALL;
    }

    /** Whether a reason a client sent is one the cards offer. */
    public static boolean offered(String system, String code) {
        return SYSTEM.equals(system) && ALL.stream().anyMatch(r -> r.code().equals(code));
    }

    private static List<Reason> load() {
        try (InputStream in = OverrideReasons.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            List<Reason> reasons = new ArrayList<>();
            for (JsonNode concept : new ObjectMapper().readTree(in).path("concept")) {
                reasons.add(new Reason(
                        concept.path("code").asText(), concept.path("display").asText()));
            }
            return List.copyOf(reasons);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
