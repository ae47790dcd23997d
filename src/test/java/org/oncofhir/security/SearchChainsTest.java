package org.oncofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which resource types a search parameter reaches into, hop by hop. */
class SearchChainsTest {

    private static final SearchChains GUARD = new SearchChains(FhirContext.forR4Cached());

    @ParameterizedTest(name = "{0}?{1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "Observation; code; ''",
                "Observation; subject:Patient.name; Patient",
                "Observation; subject:Patient.organization.name; Patient Organization",
                "Observation; patient.birthdate; Patient",
                "Observation; subject.name; Group Device Patient Location",
                "Patient; _has:Observation:patient:code; Observation",
                "Patient; _has:Observation:patient:_has:Provenance:target:agent; Observation Provenance",
                "Observation; focus.name; *",
            })
    void reachedTypes(String type, String parameter, String reached) {
        assertThat(GUARD.reachedTypes(type, parameter))
                .containsExactlyInAnyOrder(reached.isEmpty() ? new String[0] : reached.split(" "));
    }
}
