package org.oncofhir.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A CDS client's allowed FHIR servers are https base URLs unless plain http is explicitly allowed. */
class SecurityPropertiesTest {

    @Test
    void fhirServersMustBeHttpsUnlessHttpIsAllowed() {
        assertThatThrownBy(() -> properties("http://ehr.example.org/fhir", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("https");
        assertThatThrownBy(() -> properties("https://user:secret@ehr.example.org/fhir", false))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> properties("https://ehr.example.org/fhir?x=1", false))
                .isInstanceOf(IllegalStateException.class);
        assertThat(properties("https://ehr.example.org:8443/fhir", false).cdsClients())
                .hasSize(1);
        assertThat(properties("http://localhost:8080/fhir", true).cdsClients()).hasSize(1);
    }

    private static SecurityProperties properties(String server, boolean allowHttp) {
        return new SecurityProperties(
                60,
                List.of(new SecurityProperties.CdsClient(
                        "https://ehr.example.org", null, "{}", null, null, List.of(server), false)),
                allowHttp);
    }
}
