package org.oncofhir.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.Constants;
import java.util.LinkedHashSet;
import java.util.Set;

/** Where a search parameter reaches: the resource types each hop of a chain or reverse chain reads. */
final class SearchChains {

    private final FhirContext context;

    SearchChains(FhirContext context) {
        this.context = context;
    }

    /**
     * The resource types a search parameter reads besides the searched type: each hop of a chain
     * ({@code subject:Patient.name}, {@code subject.organization.name}) and of a reverse chain
     * ({@code _has:Observation:patient:code}); {@code *} where a hop may reach any type.
     */
    Set<String> reachedTypes(String type, String name) {
        Set<String> reached = new LinkedHashSet<>();
        if (name.startsWith(Constants.PARAM_HAS + ":")) {
            String[] parts = name.split(":", 4);
            if (parts.length == 4) {
                reached.add(parts[1]);
                if (context.getResourceTypes().contains(parts[1])) {
                    reached.addAll(reachedTypes(parts[1], parts[3]));
                }
            }
            return reached;
        }
        int dot = name.indexOf('.');
        if (dot < 0) {
            return reached;
        }
        String head = name.substring(0, dot);
        int colon = head.indexOf(':');
        Set<String> hop = new LinkedHashSet<>();
        if (colon >= 0) {
            hop.add(head.substring(colon + 1));
        } else {
            RuntimeSearchParam param = context.getResourceTypes().contains(type)
                    ? context.getResourceDefinition(type).getSearchParam(head)
                    : null;
            if (param == null || param.getTargets().isEmpty()) {
                hop.add("*");
            } else {
                hop.addAll(param.getTargets());
            }
        }
        reached.addAll(hop);
        for (String next : hop) {
            if (context.getResourceTypes().contains(next)) {
                reached.addAll(reachedTypes(next, name.substring(dot + 1)));
            }
        }
        return reached;
    }
}
