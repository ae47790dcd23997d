package org.oncofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.oncofhir.security.SmartScope.Context;
import org.oncofhir.security.SmartScope.Permission;

/** SMART scopes, v2 and v1, as the token's scope string states them. */
class SmartScopeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "patient/Observation.rs,  PATIENT, Observation, READ SEARCH",
        "system/*.cruds,          SYSTEM,  *,           CREATE READ UPDATE DELETE SEARCH",
        "user/Patient.r,          USER,    Patient,     READ",
        "patient/*.c,             PATIENT, *,           CREATE",
        "system/Observation.ud,   SYSTEM,  Observation, UPDATE DELETE",
        "patient/Patient.read,    PATIENT, Patient,     READ SEARCH",
        "system/*.write,          SYSTEM,  *,           CREATE UPDATE DELETE",
        "user/Observation.*,      USER,    Observation, CREATE READ UPDATE DELETE SEARCH",
    })
    void grantedScopes(String scope, Context context, String type, String permissions) {
        Set<Permission> expected = EnumSet.copyOf(List.of(permissions.split(" ")).stream()
                .map(Permission::valueOf)
                .collect(Collectors.toSet()));
        assertThat(SmartScope.parse(scope)).containsExactly(new SmartScope(context, type, expected));
    }

    @ParameterizedTest(name = "\"{0}\" grants nothing")
    @CsvSource({
        "openid",
        "launch/patient",
        "fhirUser",
        "offline_access",
        "patient/Observation.sr",
        "patient/Observation.rr",
        "system/observation.rs",
        "patient/Observation.rs?category=laboratory",
        "patient/Observation.",
        "group/*.rs",
        "patient/Observation.x",
    })
    void otherScopesGrantNothing(String scope) {
        assertThat(SmartScope.parse(scope)).isEmpty();
    }

    @Test
    void aScopeStringHoldsSeveralScopes() {
        assertThat(SmartScope.parse(" openid  patient/*.rs system/Patient.read\tlaunch "))
                .hasSize(2);
        assertThat(SmartScope.parse(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} grants {1}: {2}")
    @CsvSource({
        "patient/*.r, SEARCH, true",
        "patient/*.s, READ, true",
        "patient/*.c, READ, false",
        "patient/*.cu, UPDATE, true",
        "patient/*.cu, DELETE, false",
    })
    void readingCoversReadAndSearch(String scope, Permission permission, boolean granted) {
        assertThat(SmartScope.parse(scope).get(0).grants(permission)).isEqualTo(granted);
    }
}
