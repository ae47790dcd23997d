package org.oncofhir.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART on FHIR resource scope, v2 ({@code patient/Observation.rs}, {@code system/*.cruds}) or v1
 * ({@code user/Patient.read}, {@code .write}, {@code .*}). Search parameters after {@code ?} in v2 scopes are not
 * supported: such a scope grants nothing.
 */
public record SmartScope(Context context, String resourceType, Set<Permission> permissions) {

    public enum Context {
        PATIENT,
        USER,
        SYSTEM
    }

    public enum Permission {
        CREATE,
        READ,
        UPDATE,
        DELETE,
        SEARCH
    }

    private static final Pattern SCOPE = Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.([a-z*]+)");

    /** The resource scopes in a space-separated scope string; other scopes (openid, launch, ...) are skipped. */
    public static List<SmartScope> parse(String scopes) {
        List<SmartScope> parsed = new ArrayList<>();
        if (scopes == null) {
            return parsed;
        }
        for (String scope : scopes.trim().split("\\s+")) {
            Matcher m = SCOPE.matcher(scope);
            if (m.matches()) {
                Set<Permission> permissions = permissions(m.group(3));
                if (!permissions.isEmpty()) {
                    parsed.add(new SmartScope(Context.valueOf(m.group(1).toUpperCase()), m.group(2), permissions));
                }
            }
        }
        return parsed;
    }

    public boolean anyType() {
        return "*".equals(resourceType);
    }

    /** Whether the scope is for this resource type ({@code *} scopes are for every type). */
    public boolean covers(String type) {
        return anyType() || resourceType.equals(type);
    }

    /** Whether the scope grants the permission; read and search each count as reading. */
    public boolean grants(Permission permission) {
        boolean reading = permission == Permission.READ || permission == Permission.SEARCH;
        return permissions.contains(permission)
                || reading && (permissions.contains(Permission.READ) || permissions.contains(Permission.SEARCH));
    }

    private static Set<Permission> permissions(String text) {
        switch (text) {
            case "read":
                return EnumSet.of(Permission.READ, Permission.SEARCH);
            case "write":
                return EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
            case "*":
                return EnumSet.allOf(Permission.class);
            default:
                break;
        }
        // v2: letters in the order c r u d s, each at most once.
        String order = "cruds";
        EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
        int last = -1;
        for (char c : text.toCharArray()) {
            int index = order.indexOf(c);
            if (index <= last) {
                return EnumSet.noneOf(Permission.class);
            }
            last = index;
            permissions.add(Permission.values()[index]);
        }
        return permissions;
    }
}
