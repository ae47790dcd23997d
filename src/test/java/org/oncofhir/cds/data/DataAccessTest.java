package org.oncofhir.cds.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which fhirServer a CDS client's access allows, and where its token may follow a paging link. */
class DataAccessTest {

    private static final DataAccess EHR = new DataAccess(
            List.of("https://ehr.example.org/fhir", "https://other.example.org:8443"), false, false, false);
    private static final DataAccess EHR_HTTP = new DataAccess(List.of("http://localhost:8080"), false, true, true);

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "https://ehr.example.org/fhir,             true",
        "https://EHR.example.org/fhir/,            true",
        "https://ehr.example.org:443/fhir/r4,      true",
        "https://ehr.example.org/fhirx,            false",
        "https://ehr.example.org/,                 false",
        "http://ehr.example.org/fhir,              false",
        "https://ehr.example.org:8443/fhir,        false",
        "https://user@ehr.example.org/fhir,        false",
        "https://other.example.org:8443/any/path,  true",
        "https://other.example.org/any/path,       false",
        "https://127.0.0.1/fhir,                   false",
        "https://ehr.example.org/fhir/../admin,    false",
        "https://ehr.example.org/fhir/%2e%2e/x,    false",
        "https://ehr.example.org/fhir%2f..%2fx,    false",
    })
    void allowedServers(String server, boolean allowed) {
        assertThat(EHR.allows(URI.create(server))).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"http://localhost:8080/fhir, true", "http://localhost:8081/fhir, false", "ftp://localhost:8080/, false"
    })
    void plainHttpOnlyWhenAllowed(String server, boolean allowed) {
        assertThat(EHR_HTTP.allows(URI.create(server))).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "https://ehr.example.org/fhir?_getpages=1,               true",
        "https://ehr.example.org/fhir/Observation?page=2,         true",
        "https://evil.example.org/fhir/Observation?page=2,        false",
        "http://ehr.example.org/fhir/Observation?page=2,          false",
        "https://ehr.example.org/fhir-evil/Observation?page=2,    false",
    })
    void pagingLinksStayOnTheServer(String link, boolean within) {
        assertThat(DataAccess.within(URI.create(link), URI.create("https://ehr.example.org/fhir")))
                .isEqualTo(within);
    }

    @Test
    void openAndNone() {
        assertThat(DataAccess.OPEN.allows(URI.create("http://anything.example.org/")))
                .isTrue();
        assertThat(DataAccess.NONE.allows(URI.create("https://ehr.example.org/fhir")))
                .isFalse();
        assertThat(DataAccess.NONE.localStore()).isFalse();
    }
}
