package org.oncofhir.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The aud FHIR access tokens must carry: checked by default, against the public FHIR base. */
class FhirSecurityPropertiesTest {

    @Test
    void audienceIsThePublicFhirBaseByDefault() {
        assertThat(properties(null, true).requiredAudience("https://cds.example.org/"))
                .isEqualTo("https://cds.example.org/fhir");
        assertThat(properties("https://fhir.example.org/r4", true).requiredAudience("https://cds.example.org"))
                .isEqualTo("https://fhir.example.org/r4");
        assertThat(properties(null, false).requiredAudience("https://cds.example.org"))
                .isNull();
        assertThatThrownBy(() -> properties(null, true).requiredAudience("")).isInstanceOf(IllegalStateException.class);
    }

    private static FhirSecurityProperties properties(String audience, boolean check) {
        return new FhirSecurityProperties(
                "https://auth.example.org", null, "{\"keys\":[]}", audience, check, null, null, null);
    }
}
