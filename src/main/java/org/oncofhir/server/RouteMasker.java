package org.oncofhir.server;

import java.util.Set;

/**
 * Turns a request path into a route safe to log. Under {@code /fhir} the path alternates resource type and id
 * ({@code Patient/{id}/Observation}); types, operations ({@code $...}) and keywords ({@code _history}) stay and
 * every id becomes {@code {id}}. CDS service ids are ours and stay. The query string is never logged.
 */
final class RouteMasker {

    private static final Set<String> FIXED = Set.of(
            "fhir",
            "cds-services",
            "feedback",
            "actuator",
            "health",
            "metadata",
            ".well-known",
            "admin",
            "console",
            "ig",
            "webjars");

    private RouteMasker() {}

    static String mask(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String[] segments = path.split("/", -1);
        StringBuilder out = new StringBuilder(path.length());
        boolean expectType = false;
        String previous = "";
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (i > 0) {
                out.append('/');
            }
            if (s.isEmpty() || FIXED.contains(s) || s.startsWith("$") || s.startsWith("_")) {
                out.append(s);
                expectType = "fhir".equals(s);
            } else if ("cds-services".equals(previous) || expectType) {
                out.append(s);
                expectType = false;
            } else {
                out.append("{id}");
                expectType = true;
            }
            previous = s;
        }
        return out.toString();
    }
}
