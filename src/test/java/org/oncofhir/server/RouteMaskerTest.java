package org.oncofhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteMaskerTest {

    @ParameterizedTest
    @CsvSource({
        "/fhir/metadata, /fhir/metadata",
        "/fhir/Patient, /fhir/Patient",
        "/fhir/Patient/123, /fhir/Patient/{id}",
        "/fhir/Patient/Jenny, /fhir/Patient/{id}",
        "/fhir/Patient/123/_history/2, /fhir/Patient/{id}/_history/{id}",
        "/fhir/Patient/123/Observation, /fhir/Patient/{id}/Observation",
        "/fhir/Patient/123/$everything, /fhir/Patient/{id}/$everything",
        "/fhir/ValueSet/$expand, /fhir/ValueSet/$expand",
        "/fhir/Observation/_search, /fhir/Observation/_search",
        "/cds-services, /cds-services",
        "/cds-services/oncofhir-breast-therapy, /cds-services/oncofhir-breast-therapy",
        "/cds-services/oncofhir-breast-therapy/feedback, /cds-services/oncofhir-breast-therapy/feedback",
        "/actuator/health, /actuator/health",
        "/, /"
    })
    void masksIdsButKeepsTheRoute(String path, String expected) {
        assertThat(RouteMasker.mask(path)).isEqualTo(expected);
    }
}
