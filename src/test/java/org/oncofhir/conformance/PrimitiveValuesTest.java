package org.oncofhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The primitive values the compiled check vouches for, edge by edge; anything else goes to HL7's validator. */
class PrimitiveValuesTest {

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "dateTime | 2024-03-07                  | true",
                "dateTime | 2024-02-30                  | false",
                "dateTime | 2024-03-07T10:00:00Z        | true",
                "dateTime | 2024-03-07T10:00:00         | false",
                "dateTime | 2024-03-07T10:00:00.123+01:00 | true",
                "dateTime | 2024-03-07T10:00:00+14:00   | true",
                "dateTime | 2024-03-07T10:00:00+14:30   | false",
                "dateTime | 2024-03-07T10:00:00-13:59   | true",
                "dateTime | 2024-03-07T10:00:00-15:00   | false",
                "dateTime | 1799-03-07                  | false",
                "dateTime | 2024-03                     | false",
                "instant  | 2024-03-07T10:00:00Z        | true",
                "instant  | 2024-03-07                  | false",
                "decimal  | 0                           | true",
                "decimal  | 0.0                         | false",
                "decimal  | -0                          | false",
                "decimal  | 2.5                         | true",
                "decimal  | 2.50                        | false",
                "decimal  | -1.5                        | true",
                "decimal  | 0.05                        | true",
                "decimal  | 1e3                         | false",
                "decimal  | 007                         | false",
                "string   | HER2 IHC 3+                 | true",
                "string   | ' x'                        | false",
                "string   | 'x '                        | false",
                "string   | 'a  b'                      | false",
                "string   | <b>3+</b>                   | false",
                "string   | Jane <Doe>                  | false",
                "string   | ünïcödé                     | false",
                "code     | {score}                     | true",
                "code     | 'a b'                       | false",
                "id       | demo-hr-ultralow            | true",
                "id       | Observation/1               | false",
                "uri      | http://loinc.org            | true",
                "uri      | urn:oid:1.2.3               | false",
                "uri      | https://tools.ietf.org/html/rfc4122 | false",
                "boolean  | true                        | false"
            })
    void onlyPlainValues(String type, String value, boolean plain) {
        assertThat(PrimitiveValues.plain(type, value, "Coding.system")).isEqualTo(plain);
    }
}
